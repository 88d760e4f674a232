"""The analysis layer's tables (stances, signatures, stories, merged events), created when missing.

Revision ID: 0002
Revises: 0001
Create Date: 2026-11-25 14:49:51.719023
"""

from __future__ import annotations

import sqlalchemy as sa
from alembic import op

revision = '0002'
down_revision = '0001'
branch_labels = None
depends_on = None


def upgrade() -> None:
    # A database created by create_all before migrations may already hold these tables.
    existing = set(sa.inspect(op.get_bind()).get_table_names())
    if 'merged_events' not in existing:
        op.create_table('merged_events',
        sa.Column('id', sa.Integer(), nullable=False),
        sa.Column('event_type', sa.String(), nullable=False),
        sa.Column('mode', sa.String(), nullable=True),
        sa.Column('status', sa.String(), nullable=False),
        sa.Column('statuses', sa.JSON(), nullable=False),
        sa.Column('date_value', sa.String(), nullable=True),
        sa.Column('date_precision', sa.String(), nullable=True),
        sa.Column('when_start', sa.String(), nullable=True),
        sa.Column('when_end', sa.String(), nullable=True),
        sa.Column('location_name', sa.Text(), nullable=True),
        sa.Column('location_country', sa.String(), nullable=True),
        sa.Column('location_feature', sa.String(), nullable=True),
        sa.Column('participants', sa.JSON(), nullable=False),
        sa.Column('identities', sa.JSON(), nullable=False),
        sa.Column('n_mentions', sa.Integer(), nullable=False),
        sa.Column('n_sources', sa.Integer(), nullable=False),
        sa.Column('sources', sa.JSON(), nullable=False),
        sa.Column('first_reported', sa.String(), nullable=True),
        sa.Column('first_doc_id', sa.String(), nullable=True),
        sa.PrimaryKeyConstraint('id')
        )
        op.create_index('ix_merged_type_when', 'merged_events', ['event_type', 'when_start'], unique=False)
    if 'stories' not in existing:
        op.create_table('stories',
        sa.Column('id', sa.Integer(), nullable=False),
        sa.Column('story_key', sa.String(), nullable=False),
        sa.Column('title', sa.Text(), nullable=False),
        sa.Column('first_published', sa.String(), nullable=True),
        sa.Column('last_published', sa.String(), nullable=True),
        sa.Column('n_articles', sa.Integer(), nullable=False),
        sa.Column('actors', sa.JSON(), nullable=False),
        sa.PrimaryKeyConstraint('id'),
        sa.UniqueConstraint('story_key')
        )
        op.create_index(op.f('ix_stories_first_published'), 'stories', ['first_published'], unique=False)
        op.create_index(op.f('ix_stories_last_published'), 'stories', ['last_published'], unique=False)
    if 'article_signatures' not in existing:
        op.create_table('article_signatures',
        sa.Column('article_id', sa.Integer(), autoincrement=False, nullable=False),
        sa.Column('minhash', sa.JSON(), nullable=False),
        sa.Column('n_shingles', sa.Integer(), nullable=False),
        sa.Column('entities', sa.JSON(), nullable=False),
        sa.ForeignKeyConstraint(['article_id'], ['articles.id'], ondelete='CASCADE'),
        sa.PrimaryKeyConstraint('article_id')
        )
    if 'lsh_buckets' not in existing:
        op.create_table('lsh_buckets',
        sa.Column('id', sa.Integer(), nullable=False),
        sa.Column('band', sa.Integer(), nullable=False),
        sa.Column('bucket', sa.String(), nullable=False),
        sa.Column('article_id', sa.Integer(), nullable=False),
        sa.ForeignKeyConstraint(['article_id'], ['articles.id'], ondelete='CASCADE'),
        sa.PrimaryKeyConstraint('id')
        )
        op.create_index('ix_lsh_bucket', 'lsh_buckets', ['band', 'bucket'], unique=False)
        op.create_index(op.f('ix_lsh_buckets_article_id'), 'lsh_buckets', ['article_id'], unique=False)
    if 'planned_status' not in existing:
        op.create_table('planned_status',
        sa.Column('id', sa.Integer(), nullable=False),
        sa.Column('planned_id', sa.Integer(), nullable=False),
        sa.Column('status', sa.String(), nullable=False),
        sa.Column('links', sa.JSON(), nullable=False),
        sa.CheckConstraint("status IN ('pending', 'held', 'postponed', 'cancelled', 'disputed')", name='ck_planned_status'),
        sa.ForeignKeyConstraint(['planned_id'], ['merged_events.id'], ondelete='CASCADE'),
        sa.PrimaryKeyConstraint('id'),
        sa.UniqueConstraint('planned_id')
        )
    if 'stances' not in existing:
        op.create_table('stances',
        sa.Column('id', sa.Integer(), nullable=False),
        sa.Column('article_id', sa.Integer(), nullable=False),
        sa.Column('stance_id', sa.String(), nullable=False),
        sa.Column('issue', sa.Text(), nullable=False),
        sa.Column('issue_key', sa.String(), nullable=False),
        sa.Column('stance_position', sa.String(), nullable=False),
        sa.Column('evidence_start', sa.Integer(), nullable=False),
        sa.Column('evidence_end', sa.Integer(), nullable=False),
        sa.Column('evidence_text', sa.Text(), nullable=False),
        sa.Column('quote', sa.Boolean(), nullable=False),
        sa.Column('via', sa.Text(), nullable=True),
        sa.Column('confidence', sa.Float(), nullable=False),
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
        sa.CheckConstraint("stance_position IN ('support', 'oppose', 'conditional')", name='ck_stances_position'),
        sa.ForeignKeyConstraint(['article_id'], ['articles.id'], ondelete='CASCADE'),
        sa.PrimaryKeyConstraint('id'),
        sa.UniqueConstraint('stance_id')
        )
        op.create_index(op.f('ix_stances_article_id'), 'stances', ['article_id'], unique=False)
        op.create_index('ix_stances_holder_kb', 'stances', ['kb_id'], unique=False)
        op.create_index('ix_stances_issue_key', 'stances', ['issue_key'], unique=False)
    if 'story_members' not in existing:
        op.create_table('story_members',
        sa.Column('id', sa.Integer(), nullable=False),
        sa.Column('story_id', sa.Integer(), nullable=False),
        sa.Column('article_id', sa.Integer(), nullable=False),
        sa.Column('relation', sa.String(), nullable=False),
        sa.Column('related_article_id', sa.Integer(), nullable=True),
        sa.Column('similarity', sa.Float(), nullable=False),
        sa.CheckConstraint("relation IN ('first', 'near-duplicate', 'follow-up')", name='ck_story_relation'),
        sa.ForeignKeyConstraint(['article_id'], ['articles.id'], ondelete='CASCADE'),
        sa.ForeignKeyConstraint(['story_id'], ['stories.id'], ondelete='CASCADE'),
        sa.PrimaryKeyConstraint('id'),
        sa.UniqueConstraint('article_id')
        )
        op.create_index(op.f('ix_story_members_story_id'), 'story_members', ['story_id'], unique=False)
    if 'topic_keys' not in existing:
        op.create_table('topic_keys',
        sa.Column('id', sa.Integer(), nullable=False),
        sa.Column('key', sa.String(), nullable=False),
        sa.Column('published', sa.String(), nullable=True),
        sa.Column('article_id', sa.Integer(), nullable=False),
        sa.ForeignKeyConstraint(['article_id'], ['articles.id'], ondelete='CASCADE'),
        sa.PrimaryKeyConstraint('id')
        )
        op.create_index('ix_topic_key', 'topic_keys', ['key', 'published'], unique=False)
        op.create_index(op.f('ix_topic_keys_article_id'), 'topic_keys', ['article_id'], unique=False)
    if 'merged_event_mentions' not in existing:
        op.create_table('merged_event_mentions',
        sa.Column('id', sa.Integer(), nullable=False),
        sa.Column('merged_id', sa.Integer(), nullable=False),
        sa.Column('event_row_id', sa.Integer(), nullable=False),
        sa.ForeignKeyConstraint(['event_row_id'], ['events.id'], ondelete='CASCADE'),
        sa.ForeignKeyConstraint(['merged_id'], ['merged_events.id'], ondelete='CASCADE'),
        sa.PrimaryKeyConstraint('id'),
        sa.UniqueConstraint('event_row_id')
        )
        op.create_index(op.f('ix_merged_event_mentions_merged_id'), 'merged_event_mentions', ['merged_id'], unique=False)


def downgrade() -> None:
    op.drop_index(op.f('ix_merged_event_mentions_merged_id'), table_name='merged_event_mentions')
    op.drop_table('merged_event_mentions')
    op.drop_index(op.f('ix_topic_keys_article_id'), table_name='topic_keys')
    op.drop_index('ix_topic_key', table_name='topic_keys')
    op.drop_table('topic_keys')
    op.drop_index(op.f('ix_story_members_story_id'), table_name='story_members')
    op.drop_table('story_members')
    op.drop_index('ix_stances_issue_key', table_name='stances')
    op.drop_index('ix_stances_holder_kb', table_name='stances')
    op.drop_index(op.f('ix_stances_article_id'), table_name='stances')
    op.drop_table('stances')
    op.drop_table('planned_status')
    op.drop_index(op.f('ix_lsh_buckets_article_id'), table_name='lsh_buckets')
    op.drop_index('ix_lsh_bucket', table_name='lsh_buckets')
    op.drop_table('lsh_buckets')
    op.drop_table('article_signatures')
    op.drop_index(op.f('ix_stories_last_published'), table_name='stories')
    op.drop_index(op.f('ix_stories_first_published'), table_name='stories')
    op.drop_table('stories')
    op.drop_index('ix_merged_type_when', table_name='merged_events')
    op.drop_table('merged_events')
