"""The workshop tables.

Revision ID: 0001
Revises:
"""

from __future__ import annotations

import sqlalchemy as sa
from alembic import op

revision = "0001"
down_revision = None
branch_labels = None
depends_on = None


def upgrade() -> None:
    op.create_table(
        "workshops",
        sa.Column("id", sa.Integer(), nullable=False),
        sa.Column("code", sa.String(length=12), nullable=False),
        sa.Column("secret_hash", sa.String(length=64), nullable=False),
        sa.Column("case_id", sa.String(length=80), nullable=False),
        sa.Column("question_index", sa.Integer(), nullable=False),
        sa.Column("question_id", sa.String(length=80), nullable=False),
        sa.Column("created_at", sa.DateTime(), server_default=sa.text("CURRENT_TIMESTAMP"), nullable=False),
        sa.Column("expires_at", sa.DateTime(), nullable=False),
        sa.PrimaryKeyConstraint("id", name=op.f("pk_workshops")),
        sa.UniqueConstraint("code", name=op.f("uq_workshops_code")),
    )
    op.create_index(op.f("ix_workshops_expires_at"), "workshops", ["expires_at"])
    op.create_table(
        "participants",
        sa.Column("id", sa.Integer(), nullable=False),
        sa.Column("workshop_id", sa.Integer(), nullable=False),
        sa.Column("token_hash", sa.String(length=64), nullable=False),
        sa.ForeignKeyConstraint(
            ["workshop_id"], ["workshops.id"], name=op.f("fk_participants_workshop_id_workshops"), ondelete="CASCADE"
        ),
        sa.PrimaryKeyConstraint("id", name=op.f("pk_participants")),
        sa.UniqueConstraint("token_hash", name=op.f("uq_participants_token_hash")),
    )
    op.create_index(op.f("ix_participants_workshop_id"), "participants", ["workshop_id"])
    op.create_table(
        "rounds",
        sa.Column("workshop_id", sa.Integer(), nullable=False),
        sa.Column("case_id", sa.String(length=80), nullable=False),
        sa.Column("question_id", sa.String(length=80), nullable=False),
        sa.Column("state", sa.String(length=10), nullable=False),
        sa.Column("results_shown", sa.Boolean(), nullable=False),
        sa.Column("model_shown", sa.Boolean(), nullable=False),
        sa.ForeignKeyConstraint(
            ["workshop_id"], ["workshops.id"], name=op.f("fk_rounds_workshop_id_workshops"), ondelete="CASCADE"
        ),
        sa.PrimaryKeyConstraint("workshop_id", "case_id", "question_id", name=op.f("pk_rounds")),
    )
    op.create_table(
        "answers",
        sa.Column("participant_id", sa.Integer(), nullable=False),
        sa.Column("case_id", sa.String(length=80), nullable=False),
        sa.Column("question_id", sa.String(length=80), nullable=False),
        sa.Column("workshop_id", sa.Integer(), nullable=False),
        sa.Column("value", sa.String(length=80), nullable=False),
        sa.ForeignKeyConstraint(
            ["participant_id"], ["participants.id"], name=op.f("fk_answers_participant_id_participants"),
            ondelete="CASCADE",
        ),  # fmt: skip
        sa.ForeignKeyConstraint(
            ["workshop_id"], ["workshops.id"], name=op.f("fk_answers_workshop_id_workshops"), ondelete="CASCADE"
        ),
        sa.PrimaryKeyConstraint("participant_id", "case_id", "question_id", name=op.f("pk_answers")),
    )
    op.create_index("ix_answers_tally", "answers", ["workshop_id", "case_id", "question_id"])


def downgrade() -> None:
    op.drop_table("answers")
    op.drop_table("rounds")
    op.drop_table("participants")
    op.drop_table("workshops")
