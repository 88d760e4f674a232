"""Query indexes: events.sort_day (the article's published day, copied) so that indexes on events
alone serve the listing order with filters, and composite indexes for the common filters.

Revision ID: 0003
Revises: 0002
Create Date: 2026-11-25 14:51:53.379060
"""

from __future__ import annotations

import sqlalchemy as sa
from alembic import op

revision = '0003'
down_revision = '0002'
branch_labels = None
depends_on = None


def upgrade() -> None:
    op.drop_index(op.f('ix_participants_country'), table_name='event_participants')
    op.create_index('ix_participants_country', 'event_participants', ['country', 'event_id'], unique=False)
    op.add_column('events', sa.Column('sort_day', sa.String(), nullable=True))
    op.execute("UPDATE events SET sort_day = COALESCE((SELECT CAST(articles.published AS VARCHAR(10)) "
               "FROM articles WHERE articles.id = events.article_id), '9999-12-31')")
    op.drop_index(op.f('ix_events_event_type'), table_name='events')
    op.create_index('ix_events_order', 'events', ['sort_day', 'article_id', 'sentence_start', 'id'], unique=False)
    op.create_index('ix_events_type_order', 'events', ['event_type', 'sort_day', 'article_id', 'sentence_start', 'id'], unique=False)


def downgrade() -> None:
    op.drop_index('ix_events_type_order', table_name='events')
    op.drop_index('ix_events_order', table_name='events')
    op.create_index(op.f('ix_events_event_type'), 'events', ['event_type'], unique=False)
    op.drop_column('events', 'sort_day')
    op.drop_index('ix_participants_country', table_name='event_participants')
    op.create_index(op.f('ix_participants_country'), 'event_participants', ['country'], unique=False)
