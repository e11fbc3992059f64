"""indexes for the article list; stored search vector on PostgreSQL

Revision ID: e5f2a8c3b914
Revises: c7e4b9a15d62
Create Date: 2026-11-26 11:20:00

"""
import sqlalchemy as sa
from alembic import op

revision = "e5f2a8c3b914"
down_revision = "c7e4b9a15d62"
branch_labels = None
depends_on = None

SEARCH_EXPRESSION = "to_tsvector('simple', coalesce(title, '') || ' ' || clean_text)"


def upgrade():
    with op.batch_alter_table("articles", schema=None) as batch_op:
        batch_op.create_index(
            "ix_articles_live_created", ["deleted_at", "created_at", "id"], unique=False
        )
        batch_op.create_index(
            "ix_articles_live_title",
            ["title", "id"],
            unique=False,
            sqlite_where=sa.text("deleted_at IS NULL"),
            postgresql_where=sa.text("deleted_at IS NULL"),
        )
    if op.get_bind().dialect.name == "postgresql":
        # A stored vector: matching no longer computes to_tsvector for every row the
        # planner walks while it follows the list's sort order.
        op.execute("DROP INDEX IF EXISTS ix_articles_fts")
        op.execute(
            f"ALTER TABLE articles ADD COLUMN search_vector tsvector "
            f"GENERATED ALWAYS AS ({SEARCH_EXPRESSION}) STORED"
        )
        op.execute("CREATE INDEX ix_articles_fts ON articles USING gin (search_vector)")


def downgrade():
    if op.get_bind().dialect.name == "postgresql":
        op.execute("DROP INDEX IF EXISTS ix_articles_fts")
        op.execute("ALTER TABLE articles DROP COLUMN IF EXISTS search_vector")
        op.execute(f"CREATE INDEX ix_articles_fts ON articles USING gin ({SEARCH_EXPRESSION})")
    with op.batch_alter_table("articles", schema=None) as batch_op:
        batch_op.drop_index("ix_articles_live_title")
        batch_op.drop_index("ix_articles_live_created")
