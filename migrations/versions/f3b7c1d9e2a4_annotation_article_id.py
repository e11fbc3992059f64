"""annotations carry their article id, indexed with the reviewer

Revision ID: f3b7c1d9e2a4
Revises: e5f2a8c3b914
Create Date: 2026-11-26 11:30:00

"""
import sqlalchemy as sa
from alembic import op

revision = "f3b7c1d9e2a4"
down_revision = "e5f2a8c3b914"
branch_labels = None
depends_on = None


def upgrade():
    with op.batch_alter_table("annotations", schema=None) as batch_op:
        batch_op.add_column(sa.Column("article_id", sa.Integer(), nullable=True))
    op.execute(
        "UPDATE annotations SET article_id = "
        "(SELECT segments.article_id FROM segments WHERE segments.id = annotations.segment_id)"
    )
    with op.batch_alter_table("annotations", schema=None) as batch_op:
        batch_op.alter_column("article_id", existing_type=sa.Integer(), nullable=False)
        batch_op.create_foreign_key(
            batch_op.f("fk_annotations_article_id_articles"), "articles", ["article_id"], ["id"]
        )
        batch_op.drop_index("ix_annotations_reviewer_id")
        batch_op.create_index("ix_annotations_reviewer_article", ["reviewer_id", "article_id"])
        batch_op.create_index("ix_annotations_article_id", ["article_id"])


def downgrade():
    with op.batch_alter_table("annotations", schema=None) as batch_op:
        batch_op.drop_index("ix_annotations_article_id")
        batch_op.drop_index("ix_annotations_reviewer_article")
        batch_op.create_index("ix_annotations_reviewer_id", ["reviewer_id"])
        batch_op.drop_constraint(
            batch_op.f("fk_annotations_article_id_articles"), type_="foreignkey"
        )
        batch_op.drop_column("article_id")
