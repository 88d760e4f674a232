"""Initial schema: the tables Tidings created with create_all (schema_version 1).

Revision ID: 0001
Revises:
Create Date: 2026-11-25 14:49:46.052462
"""

from __future__ import annotations

import datetime as dt

import sqlalchemy as sa
from alembic import op

revision = '0001'
down_revision = None
branch_labels = None
depends_on = None


def upgrade() -> None:

    op.create_table('articles',
    sa.Column('id', sa.Integer(), nullable=False),
    sa.Column('doc_id', sa.String(), nullable=False),
    sa.Column('content_hash', sa.String(), nullable=False),
    sa.Column('title', sa.Text(), nullable=False),
    sa.Column('text', sa.Text(), nullable=False),
    sa.Column('published', sa.Date(), nullable=True),
    sa.Column('published_source', sa.String(), nullable=False),
    sa.Column('url', sa.Text(), nullable=True),
    sa.Column('source', sa.String(), nullable=True),
    sa.Column('author', sa.Text(), nullable=True),
    sa.Column('site', sa.String(), nullable=True),
    sa.Column('path', sa.Text(), nullable=True),
    sa.Column('fmt', sa.String(), nullable=False),
    sa.Column('body_start', sa.Integer(), nullable=False),
    sa.Column('warnings', sa.JSON(), nullable=False),
    sa.Column('ingested_at', sa.DateTime(timezone=True), nullable=False),
    sa.PrimaryKeyConstraint('id'),
    sa.UniqueConstraint('content_hash'),
    sa.UniqueConstraint('doc_id')
    )
    op.create_index(op.f('ix_articles_published'), 'articles', ['published'], unique=False)
    op.create_table('ingest_log',
    sa.Column('id', sa.Integer(), nullable=False),
    sa.Column('at', sa.DateTime(timezone=True), nullable=False),
    sa.Column('source', sa.Text(), nullable=True),
    sa.Column('doc_id', sa.String(), nullable=True),
    sa.Column('status', sa.String(), nullable=False),
    sa.Column('reason', sa.Text(), nullable=True),
    sa.CheckConstraint("status IN ('ingested', 'duplicate', 'skipped', 'failed')", name='ck_ingest_status'),
    sa.PrimaryKeyConstraint('id')
    )
    op.create_index(op.f('ix_ingest_log_at'), 'ingest_log', ['at'], unique=False)
    op.create_index(op.f('ix_ingest_log_doc_id'), 'ingest_log', ['doc_id'], unique=False)
    version = op.create_table('schema_version',
    sa.Column('version', sa.Integer(), autoincrement=False, nullable=False),
    sa.Column('applied_at', sa.DateTime(timezone=True), nullable=False),
    sa.PrimaryKeyConstraint('version')
    )
    op.bulk_insert(version, [{'version': 1, 'applied_at': dt.datetime.now(dt.UTC)}])
    op.create_table('actors',
    sa.Column('id', sa.Integer(), nullable=False),
    sa.Column('article_id', sa.Integer(), nullable=False),
    sa.Column('position', sa.Integer(), nullable=False),
    sa.Column('name', sa.Text(), nullable=False),
    sa.Column('kb_id', sa.String(), nullable=True),
    sa.Column('wikidata', sa.String(), nullable=True),
    sa.Column('country', sa.String(), nullable=True),
    sa.Column('sector', sa.String(), nullable=True),
    sa.Column('kind', sa.String(), nullable=False),
    sa.Column('office', sa.String(), nullable=True),
    sa.Column('start', sa.Integer(), nullable=False),
    sa.Column('end', sa.Integer(), nullable=False),
    sa.Column('text', sa.Text(), nullable=False),
    sa.Column('resolved_by', sa.String(), nullable=False),
    sa.ForeignKeyConstraint(['article_id'], ['articles.id'], ondelete='CASCADE'),
    sa.PrimaryKeyConstraint('id')
    )
    op.create_index(op.f('ix_actors_article_id'), 'actors', ['article_id'], unique=False)
    op.create_table('events',
    sa.Column('id', sa.Integer(), nullable=False),
    sa.Column('article_id', sa.Integer(), nullable=False),
    sa.Column('event_id', sa.String(), nullable=False),
    sa.Column('event_type', sa.String(), nullable=False),
    sa.Column('mode', sa.String(), nullable=True),
    sa.Column('status', sa.String(), nullable=False),
    sa.Column('date_value', sa.String(), nullable=True),
    sa.Column('date_precision', sa.String(), nullable=True),
    sa.Column('date_start', sa.Integer(), nullable=True),
    sa.Column('date_end', sa.Integer(), nullable=True),
    sa.Column('date_text', sa.Text(), nullable=True),
    sa.Column('when_start', sa.String(), nullable=True),
    sa.Column('when_end', sa.String(), nullable=True),
    sa.Column('location_name', sa.Text(), nullable=True),
    sa.Column('location_country', sa.String(), nullable=True),
    sa.Column('location_lat', sa.Float(), nullable=True),
    sa.Column('location_lon', sa.Float(), nullable=True),
    sa.Column('location_geonames_id', sa.Integer(), nullable=True),
    sa.Column('location_feature', sa.String(), nullable=True),
    sa.Column('location_start', sa.Integer(), nullable=True),
    sa.Column('location_end', sa.Integer(), nullable=True),
    sa.Column('location_text', sa.Text(), nullable=True),
    sa.Column('contexts', sa.JSON(), nullable=False),
    sa.Column('cameo', sa.String(), nullable=True),
    sa.Column('confidence', sa.Float(), nullable=False),
    sa.Column('coder', sa.String(), nullable=False),
    sa.Column('sentence_start', sa.Integer(), nullable=False),
    sa.Column('sentence_end', sa.Integer(), nullable=False),
    sa.Column('sentence_text', sa.Text(), nullable=False),
    sa.Column('clause_start', sa.Integer(), nullable=False),
    sa.Column('clause_end', sa.Integer(), nullable=False),
    sa.Column('clause_text', sa.Text(), nullable=False),
    sa.Column('trigger_start', sa.Integer(), nullable=False),
    sa.Column('trigger_end', sa.Integer(), nullable=False),
    sa.Column('trigger_text', sa.Text(), nullable=False),
    sa.CheckConstraint("status IN ('occurred', 'planned', 'possible', 'negated', 'denied', 'historical')", name='ck_events_status'),
    sa.CheckConstraint('confidence >= 0 AND confidence <= 1', name='ck_events_confidence'),
    sa.ForeignKeyConstraint(['article_id'], ['articles.id'], ondelete='CASCADE'),
    sa.PrimaryKeyConstraint('id'),
    sa.UniqueConstraint('event_id')
    )
    op.create_index(op.f('ix_events_article_id'), 'events', ['article_id'], unique=False)
    op.create_index(op.f('ix_events_date_value'), 'events', ['date_value'], unique=False)
    op.create_index(op.f('ix_events_event_type'), 'events', ['event_type'], unique=False)
    op.create_index(op.f('ix_events_location_country'), 'events', ['location_country'], unique=False)
    op.create_index(op.f('ix_events_status'), 'events', ['status'], unique=False)
    op.create_index('ix_events_when', 'events', ['when_start', 'when_end'], unique=False)
    op.create_table('findings',
    sa.Column('id', sa.Integer(), nullable=False),
    sa.Column('article_id', sa.Integer(), nullable=False),
    sa.Column('kind', sa.String(), nullable=False),
    sa.Column('message', sa.Text(), nullable=False),
    sa.Column('start', sa.Integer(), nullable=False),
    sa.Column('end', sa.Integer(), nullable=False),
    sa.Column('text', sa.Text(), nullable=False),
    sa.Column('kb_id', sa.String(), nullable=True),
    sa.ForeignKeyConstraint(['article_id'], ['articles.id'], ondelete='CASCADE'),
    sa.PrimaryKeyConstraint('id')
    )
    op.create_index(op.f('ix_findings_article_id'), 'findings', ['article_id'], unique=False)
    op.create_index(op.f('ix_findings_kind'), 'findings', ['kind'], unique=False)
    op.create_table('event_participants',
    sa.Column('id', sa.Integer(), nullable=False),
    sa.Column('event_id', sa.Integer(), nullable=False),
    sa.Column('role', sa.String(), nullable=False),
    sa.Column('position', sa.Integer(), nullable=False),
    sa.Column('search', sa.Text(), nullable=False),
    sa.Column('name', sa.Text(), nullable=False),
    sa.Column('kb_id', sa.String(), nullable=True),
    sa.Column('wikidata', sa.String(), nullable=True),
    sa.Column('country', sa.String(), nullable=True),
    sa.Column('sector', sa.String(), nullable=True),
    sa.Column('kind', sa.String(), nullable=False),
    sa.Column('office', sa.String(), nullable=True),
    sa.Column('start', sa.Integer(), nullable=False),
    sa.Column('end', sa.Integer(), nullable=False),
    sa.Column('text', sa.Text(), nullable=False),
    sa.Column('resolved_by', sa.String(), nullable=False),
    sa.CheckConstraint("role IN ('actor', 'recipient')", name='ck_participants_role'),
    sa.ForeignKeyConstraint(['event_id'], ['events.id'], ondelete='CASCADE'),
    sa.PrimaryKeyConstraint('id')
    )
    op.create_index(op.f('ix_event_participants_event_id'), 'event_participants', ['event_id'], unique=False)
    op.create_index('ix_participants_country', 'event_participants', ['country'], unique=False)
    op.create_index('ix_participants_kb_id', 'event_participants', ['kb_id'], unique=False)
    op.create_index('ix_participants_name', 'event_participants', ['name'], unique=False)


def downgrade() -> None:

    op.drop_index('ix_participants_name', table_name='event_participants')
    op.drop_index('ix_participants_kb_id', table_name='event_participants')
    op.drop_index('ix_participants_country', table_name='event_participants')
    op.drop_index(op.f('ix_event_participants_event_id'), table_name='event_participants')
    op.drop_table('event_participants')
    op.drop_index(op.f('ix_findings_kind'), table_name='findings')
    op.drop_index(op.f('ix_findings_article_id'), table_name='findings')
    op.drop_table('findings')
    op.drop_index('ix_events_when', table_name='events')
    op.drop_index(op.f('ix_events_status'), table_name='events')
    op.drop_index(op.f('ix_events_location_country'), table_name='events')
    op.drop_index(op.f('ix_events_event_type'), table_name='events')
    op.drop_index(op.f('ix_events_date_value'), table_name='events')
    op.drop_index(op.f('ix_events_article_id'), table_name='events')
    op.drop_table('events')
    op.drop_index(op.f('ix_actors_article_id'), table_name='actors')
    op.drop_table('actors')
    op.drop_table('schema_version')
    op.drop_index(op.f('ix_ingest_log_doc_id'), table_name='ingest_log')
    op.drop_index(op.f('ix_ingest_log_at'), table_name='ingest_log')
    op.drop_table('ingest_log')
    op.drop_index(op.f('ix_articles_published'), table_name='articles')
    op.drop_table('articles')
