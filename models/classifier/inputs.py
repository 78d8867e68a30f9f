"""Turn (text, context) pairs into padded model inputs, the same way for training and inference.

Input format (chosen once, recorded in the manifest): the agent sentence is
segment A and the customer's preceding sentence is segment B,
`[CLS] text [SEP] context [SEP]`. The sentence being labelled then always
starts at position 1 with token type 0, whatever the context, and an empty or
missing context is the sentence alone (`[CLS] text [SEP]`), never a
placeholder. Long pairs are cut longest-first to `max_length` tokens, so a
long context is shortened before the sentence is.
"""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import dataclass
from pathlib import Path
from typing import TYPE_CHECKING

if TYPE_CHECKING:
    import torch

INPUT_FORMAT = "text_context_pair"  # manifest value for the format above
# Segment B may instead be the rendered call context (models.analysis.context.CallContext):
# flags ("call start.", "fix made." / "no fix yet."), the customer sentence, the agent's
# previous sentence; v2 adds "call end." in the agent's last turn. A plain customer
# sentence is a valid rendering of it (nothing known).
CALL_INPUT_FORMAT_V1 = "call_context_v1"
CALL_INPUT_FORMAT = "call_context_v2"
INPUT_FORMATS: tuple[str, ...] = (INPUT_FORMAT, CALL_INPUT_FORMAT_V1, CALL_INPUT_FORMAT)
MAX_LENGTH = 64
PAD_TOKEN_ID = 0  # BERT uncased vocab [PAD]; checked against the tokenizer at load

Pair = tuple[str, str | None]


@dataclass(frozen=True)
class Encoded:
    """One tokenized pair, unpadded."""

    input_ids: list[int]
    token_type_ids: list[int]


def clean_context(context: str | None) -> str | None:
    """Context as the model sees it: None for missing or blank, otherwise stripped."""
    if context is None:
        return None
    context = context.strip()
    return context or None


class PairTokenizer:
    """The base encoder's WordPiece tokenizer (tokenizer.json via `tokenizers`), used for both
    training and inference so the two can never tokenize differently."""

    def __init__(self, tokenizer_json: Path, max_length: int = MAX_LENGTH) -> None:
        from tokenizers import Tokenizer

        self._tokenizer = Tokenizer.from_file(str(tokenizer_json))
        self._tokenizer.no_padding()
        self._tokenizer.enable_truncation(max_length, strategy="longest_first")
        self.max_length = max_length
        pad = self._tokenizer.token_to_id("[PAD]")
        if pad != PAD_TOKEN_ID:
            raise ValueError(f"{tokenizer_json}: [PAD] is id {pad}, expected {PAD_TOKEN_ID}")

    def encode(self, pairs: Sequence[Pair]) -> list[Encoded]:
        """Tokenize pairs in input order (with and without context in one batch)."""
        inputs: list[str | tuple[str, str]] = []
        for text, context in pairs:
            cleaned = clean_context(context)
            inputs.append(text.strip() if cleaned is None else (text.strip(), cleaned))
        return [
            Encoded(list(item.ids), list(item.type_ids))
            for item in self._tokenizer.encode_batch(inputs, add_special_tokens=True)
        ]


def collate(batch: Sequence[Encoded]) -> dict[str, torch.Tensor]:
    """Right-pad a batch into input_ids, token_type_ids and attention_mask tensors."""
    import torch

    width = max(len(item.input_ids) for item in batch)
    ids = torch.full((len(batch), width), PAD_TOKEN_ID, dtype=torch.long)
    types = torch.zeros((len(batch), width), dtype=torch.long)
    mask = torch.zeros((len(batch), width), dtype=torch.long)
    for row, item in enumerate(batch):
        n = len(item.input_ids)
        ids[row, :n] = torch.tensor(item.input_ids, dtype=torch.long)
        types[row, :n] = torch.tensor(item.token_type_ids, dtype=torch.long)
        mask[row, :n] = 1
    return {"input_ids": ids, "token_type_ids": types, "attention_mask": mask}
