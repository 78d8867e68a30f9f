"""Whole calls through the real path, scored against their gold verdicts.

- text: the writer's turns with fake word times -> split_sentences (run-on
  cuts included) -> classifier -> patterns -> verdict;
- audio: the call synthesized by scripts/callsynth.py (stereo 16 kHz, or mono
  8 kHz mu-law) -> Whisper -> diarization (mono) -> the same analysis.

Synthesized audio and raw Whisper transcripts are cached under
`.cache/eval/` (gitignored): a second run only re-labels. Diarization and
everything after it run each time (they depend on the classifier).
"""

from __future__ import annotations

import json
from collections.abc import Sequence
from dataclasses import asdict, dataclass, field
from pathlib import Path
from typing import Any

from kernel.domain import UNKNOWN, CallAnalysis, Segment, Transcript, Word
from models.analysis.call_analyzer import SentenceLabeller, analyze_transcript
from models.analysis.certainty import NEEDS_A_LOOK, verdict
from models.classifier.callsets import DECIDING, LabelledCall, gold_patterns

REPO_ROOT = Path(__file__).resolve().parents[2]
CACHE_DIR = REPO_ROOT / ".cache" / "eval"
VOICES: tuple[tuple[str, str], ...] = (
    ("slt", "rms"),
    ("rms", "slt"),
    ("slt", "awb"),
    ("kal16", "slt"),
)
LAYOUTS: dict[str, dict[str, Any]] = {
    "stereo": {"layout": "stereo", "sample_rate": 16_000, "encoding": "pcm16"},
    "mono8k": {"layout": "mono", "sample_rate": 8_000, "encoding": "ulaw"},
}


@dataclass
class CallOutcome:
    id: str
    path: str  # "text", "stereo", "mono8k"
    gold_rushed: bool
    gold_patterns: list[str]
    rushed: bool
    certainty: str
    patterns: list[str]
    intended_rushed: bool | None = None
    evidence: list[str] = field(default_factory=list)  # "P4 0.55" per deciding hit


def outcome(call: LabelledCall, path: str, analysis: CallAnalysis) -> CallOutcome:
    gold = sorted(gold_patterns(call))
    found = [h for h in analysis.patterns if h.id in DECIDING]
    return CallOutcome(
        id=call.id,
        path=path,
        gold_rushed=bool(gold),
        gold_patterns=gold,
        rushed=analysis.rushed,
        certainty=verdict(analysis.patterns),
        patterns=sorted(h.id for h in found),
        intended_rushed=call.intended_rushed,
        evidence=[f"{h.id} {h.confidence:.2f}" for h in found],
    )


def text_outcomes(calls: Sequence[LabelledCall], classifier: SentenceLabeller) -> list[CallOutcome]:
    return [outcome(c, "text", analyze_transcript(c.transcript(), classifier)) for c in calls]


def _transcript_to_json(transcript: Transcript) -> dict[str, Any]:
    return asdict(transcript)


def _transcript_from_json(data: dict[str, Any]) -> Transcript:
    segments = [
        Segment(**{**s, "words": [Word(**w) for w in s.get("words", [])]}) for s in data["segments"]
    ]
    return Transcript(
        segments=segments,
        asr_model=data["asr_model"],
        duration_s=data["duration_s"],
        language=data.get("language", "en"),
        diarization=data.get("diarization"),
    )


class AudioPath:
    """Synthesize (cached), transcribe (cached), diarize mono, analyse."""

    def __init__(self, asr_model: str = "tiny.en", cache_dir: Path = CACHE_DIR) -> None:
        self.asr_model = asr_model
        self.cache_dir = cache_dir
        self._transcriber: Any = None
        self._diarizer_warm = False

    def transcriber(self) -> Any:
        if self._transcriber is None:
            from models.asr.transcriber import Transcriber

            self._transcriber = Transcriber(self.asr_model, threads=1)
        return self._transcriber

    def transcript(self, call: LabelledCall, layout: str, index: int) -> tuple[Transcript, Any]:
        from models.audio.decode import decode_audio
        from scripts.callsynth import synthesize_cached

        script = call.script(VOICES[index % len(VOICES)])
        synth = synthesize_cached(script, self.cache_dir / "audio", **LAYOUTS[layout])
        audio = decode_audio(synth.path)
        cached = self.cache_dir / "transcripts" / f"{synth.path.stem}-{self.asr_model}.json"
        if cached.is_file():
            return _transcript_from_json(json.loads(cached.read_text(encoding="utf-8"))), audio
        transcript = self.transcriber().transcribe_call(audio, agent_channel=0)
        cached.parent.mkdir(parents=True, exist_ok=True)
        cached.write_text(json.dumps(_transcript_to_json(transcript)), encoding="utf-8")
        return transcript, audio

    def analyse(self, call: LabelledCall, layout: str, index: int, classifier: Any) -> CallAnalysis:
        transcript, audio = self.transcript(call, layout, index)
        if transcript.segments and all(s.speaker == UNKNOWN for s in transcript.segments):
            from models.diarization.diarizer import diarize_transcript, warm_up

            if not self._diarizer_warm:
                warm_up()
                self._diarizer_warm = True
            transcript = diarize_transcript(
                audio.samples[0], transcript, role_hint=classifier.predict
            )
        return analyze_transcript(transcript, classifier)


def audio_outcomes(
    calls: Sequence[LabelledCall],
    classifier: Any,
    layouts: Sequence[str],
    audio: AudioPath,
    progress: Any = None,
) -> dict[str, list[CallOutcome]]:
    """Per layout, the outcomes; each call goes through every layout before the next call."""
    out: dict[str, list[CallOutcome]] = {layout: [] for layout in layouts}
    for index, call in enumerate(calls):
        for layout in layouts:
            result = outcome(call, layout, audio.analyse(call, layout, index, classifier))
            out[layout].append(result)
            if progress is not None:
                progress(f"{layout} {index + 1}/{len(calls)} {call.id}: {result.certainty}")
    return out


def heard_labels(
    calls: Sequence[LabelledCall],
    classifier: Any,
    layout: str,
    audio: AudioPath,
) -> tuple[list[str], list[str]]:
    """(carried gold, predicted) labels of the agent sentences as Whisper heard them.

    The writer's labels are carried over to Whisper's sentences (models/data/asr_rows.py;
    mono: speakers from the written call, i.e. a perfect diarization), and the
    classifier labels those sentences as the app would: the classifier's own share of
    the audio gap, sentence by sentence. Pieces no label carries over to are skipped.
    """
    from dataclasses import replace

    from models.analysis.call_analyzer import label_sentences
    from models.data.asr_rows import heard_sentences

    gold: list[str] = []
    predicted: list[str] = []
    for index, call in enumerate(calls):
        transcript, _ = audio.transcript(call, layout, index)
        heard = heard_sentences(call, transcript)
        labelled = label_sentences([replace(s, label=None) for s in heard], classifier)
        for carried, mine in zip(heard, labelled, strict=True):
            if carried.label and mine.label:
                gold.append(carried.label)
                predicted.append(mine.label)
    return gold, predicted


def interleave(calls: Sequence[LabelledCall]) -> list[LabelledCall]:
    """Calls taken in turn from each file (writer), so a --calls-limit covers every writer."""
    groups: dict[str, list[LabelledCall]] = {}
    for call in calls:
        groups.setdefault(call.source.split(":")[0], []).append(call)
    out: list[LabelledCall] = []
    queues = list(groups.values())
    while any(queues):
        for queue in queues:
            if queue:
                out.append(queue.pop(0))
    return out


def summarise(outcomes: Sequence[CallOutcome]) -> dict[str, Any]:
    """Verdict accuracy, P1-P4 presence accuracy, false rushed on good calls, looks."""
    n = len(outcomes)
    good = [o for o in outcomes if not o.gold_rushed]
    bad = [o for o in outcomes if o.gold_rushed]
    tp = sum(o.rushed for o in bad)
    flagged = sum(o.rushed for o in outcomes)
    summary: dict[str, Any] = {
        "calls": n,
        "verdict_right": sum(o.rushed == o.gold_rushed for o in outcomes),
        "good_calls": len(good),
        "false_rushed_on_good": sum(o.rushed for o in good),
        "rushed_calls": len(bad),
        "missed_rushed": sum(not o.rushed for o in bad),
        "rushed_precision": round(tp / flagged, 3) if flagged else None,
        "rushed_recall": round(tp / len(bad), 3) if bad else None,
        "needs_a_look": sum(o.certainty == NEEDS_A_LOOK for o in outcomes),
        "needs_a_look_on_good": sum(o.certainty == NEEDS_A_LOOK for o in good),
        "needs_a_look_on_rushed": sum(o.certainty == NEEDS_A_LOOK for o in bad),
        # Verdict as the taxonomy's plain rule would give it (no certainty).
        "verdict_right_any_pattern": sum(bool(o.patterns) == o.gold_rushed for o in outcomes),
        "false_rushed_on_good_any_pattern": sum(bool(o.patterns) for o in good),
    }
    for pattern in DECIDING:
        summary[f"{pattern}_right"] = sum(
            (pattern in o.patterns) == (pattern in o.gold_patterns) for o in outcomes
        )
    summary["verdict_accuracy"] = round(summary["verdict_right"] / n, 3) if n else None
    return summary


SWEEP = (0.5, 0.6, 0.7, 0.75, 0.8, 0.85, 0.9, 0.95)


def sweep(outcomes: Sequence[CallOutcome], thresholds: Sequence[float] = SWEEP) -> list[str]:
    """The verdict rule at each SURE_CONFIDENCE candidate (development calls only)."""
    lines = []
    for sure in thresholds:
        right = false_good = missed = looks = 0
        for o in outcomes:
            confidences = [float(e.split()[1]) for e in o.evidence]
            rushed = any(c >= sure for c in confidences)
            looks += bool(confidences) and not rushed
            right += rushed == o.gold_rushed
            false_good += rushed and not o.gold_rushed
            missed += o.gold_rushed and not rushed
        lines.append(
            f"sure >= {sure:.2f}: verdict right {right}/{len(outcomes)}, false rushed on good "
            f"{false_good}, missed rushed {missed}, needs a look {looks}"
        )
    return lines


def intended_disagreements(calls: Sequence[LabelledCall]) -> list[str]:
    """Calls whose writer-intended verdict differs from the rules applied to the gold labels."""
    out = []
    for call in calls:
        gold = sorted(gold_patterns(call))
        if call.intended_rushed is not None and call.intended_rushed != bool(gold):
            out.append(f"{call.id}: intended rushed={call.intended_rushed}, rules give {gold}")
    return out
