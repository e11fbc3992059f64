"""pending imports and full-text search on articles

Revision ID: a3c9d2e41f07
Revises: 816ed5179bc1
Create Date: 2026-11-26 11:00:00

"""
import sqlalchemy as sa
from alembic import op
from sqlalchemy.dialects import postgresql

revision = "a3c9d2e41f07"
down_revision = "816ed5179bc1"
branch_labels = None
depends_on = None

SQLITE_TRIGGERS = [
    """CREATE TRIGGER articles_fts_insert AFTER INSERT ON articles BEGIN
        INSERT INTO articles_fts(rowid, title, clean_text)
        VALUES (new.id, new.title, new.clean_text);
    END""",
    """CREATE TRIGGER articles_fts_delete AFTER DELETE ON articles BEGIN
        INSERT INTO articles_fts(articles_fts, rowid, title, clean_text)
        VALUES ('delete', old.id, old.title, old.clean_text);
    END""",
    """CREATE TRIGGER articles_fts_update AFTER UPDATE OF title, clean_text ON articles BEGIN
        INSERT INTO articles_fts(articles_fts, rowid, title, clean_text)
        VALUES ('delete', old.id, old.title, old.clean_text);
        INSERT INTO articles_fts(rowid, title, clean_text)
        VALUES (new.id, new.title, new.clean_text);
    END""",
]


def upgrade():
    op.create_table(
        "pending_imports",
        sa.Column("id", sa.Integer(), nullable=False),
        sa.Column("user_id", sa.Integer(), nullable=False),
        sa.Column(
            "input_kind",
            sa.Enum("text", "html", "file", "url", name="inputkind", native_enum=False, length=16),
            nullable=False,
        ),
        sa.Column("original", sa.LargeBinary(), nullable=False),
        sa.Column("original_sha256", sa.String(length=64), nullable=False),
        sa.Column("original_filename", sa.String(length=255), nullable=True),
        sa.Column("original_content_type", sa.String(length=120), nullable=True),
        sa.Column("source_url", sa.String(length=2048), nullable=True),
        sa.Column(
            "analysis",
            sa.JSON().with_variant(postgresql.JSONB(astext_type=sa.Text()), "postgresql"),
            nullable=False,
        ),
        sa.Column("created_at", sa.DateTime(timezone=True), nullable=False),
        sa.ForeignKeyConstraint(
            ["user_id"], ["users.id"], name=op.f("fk_pending_imports_user_id_users")
        ),
        sa.PrimaryKeyConstraint("id", name=op.f("pk_pending_imports")),
    )
    with op.batch_alter_table("pending_imports", schema=None) as batch_op:
        batch_op.create_index(batch_op.f("ix_pending_imports_created_at"), ["created_at"])
        batch_op.create_index(batch_op.f("ix_pending_imports_user_id"), ["user_id"])

    if op.get_bind().dialect.name == "sqlite":
        # External-content FTS5 index over title and body, kept in step by triggers;
        # remove_diacritics lets "Elysee" find "Élysée".
        op.execute(
            "CREATE VIRTUAL TABLE articles_fts USING fts5(title, clean_text, "
            "content='articles', content_rowid='id', tokenize='unicode61 remove_diacritics 2')"
        )
        for trigger in SQLITE_TRIGGERS:
            op.execute(trigger)
        op.execute("INSERT INTO articles_fts(articles_fts) VALUES ('rebuild')")
    else:
        op.execute(
            "CREATE INDEX ix_articles_fts ON articles USING gin "
            "(to_tsvector('simple', coalesce(title, '') || ' ' || clean_text))"
        )


def downgrade():
    if op.get_bind().dialect.name == "sqlite":
        for name in ("articles_fts_update", "articles_fts_delete", "articles_fts_insert"):
            op.execute(f"DROP TRIGGER IF EXISTS {name}")
        op.execute("DROP TABLE IF EXISTS articles_fts")
    else:
        op.execute("DROP INDEX IF EXISTS ix_articles_fts")
    with op.batch_alter_table("pending_imports", schema=None) as batch_op:
        batch_op.drop_index(batch_op.f("ix_pending_imports_user_id"))
        batch_op.drop_index(batch_op.f("ix_pending_imports_created_at"))
    op.drop_table("pending_imports")
