"""How a batch of calls is analysed (from the CLI flags or the app's settings)."""

from __future__ import annotations

from dataclasses import dataclass

from models.analysis.patterns import FAST_FIX_S

AGENT_CHANNELS = ("left", "right")


@dataclass(frozen=True)
class AnalyzeOptions:
    asr_model: str = "tiny.en"
    asr_engine: str = "auto"  # models.asr: "auto", "openai", "faster-whisper"
    agent_channel: str = "left"  # stereo: which channel is the agent
    fast_fix_s: float = FAST_FIX_S  # TAXONOMY P6 threshold
    threads: int | None = None  # torch/CTranslate2 threads for this process
    # Issue 15: personal data replaced by placeholders before anything is stored.
    redact: bool = True
    # Issue 14: company, product and agent names for Whisper (Settings / --vocabulary);
    # a call's sidecar `vocabulary` column adds its own names first.
    vocabulary: tuple[str, ...] = ()

    def __post_init__(self) -> None:
        if self.agent_channel not in AGENT_CHANNELS:
            raise ValueError(f"agent channel must be left or right, not {self.agent_channel!r}")

    @property
    def agent_channel_index(self) -> int:
        return AGENT_CHANNELS.index(self.agent_channel)
