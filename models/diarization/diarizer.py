"""Mono diarization: who said each word of a one-channel call, and which side is the agent.

Owns the arrow (mono samples, Transcript with speaker "unknown") ->
Transcript with segments split at speaker changes, speaker "agent" /
"customer" / "unknown", `speaker_confidence`, and `transcript.diarization`
saying how far to trust it. Runs in the transcription worker after
`Transcriber.transcribe_call` (CPU, numpy only; README.md has the measured cost).

    transcript = transcriber.transcribe_call(audio)
    if audio.channels == 1 (or both channels are the same signal):
        transcript = diarize_transcript(audio.samples[0], transcript,
                                        role_hint=classifier.predict)

Also the two manual fixes a reviewer needs: swap_roles, reassign_segment.
"""

from __future__ import annotations

import copy
from dataclasses import replace
from typing import Any

import numpy as np

from kernel.domain import AGENT, CUSTOMER, UNKNOWN, Segment, Transcript, Word
from models.diarization.clustering import (
    PAUSE_FRAMES,
    SpeakerTrack,
    VoiceCount,
    count_voices,
    fit_diagonal_gmm,
    resegment,
    viterbi_and_posterior,
)
from models.diarization.features import HOP_S, FrameFeatures, frame_features
from models.diarization.roles import RoleDecision, RoleHint, assign_roles, voice_evidence
from models.diarization.segment_times import TurnIndex, fit_segments_to_turns, turn_breaks
from models.diarization.timeline import speaker_turns
from models.diarization.voice_encoder import EncoderUnavailableError

METHOD = "resemblyzer+mfcc-seeds+gmm-hmm-resegmentation+phrase-roles/2"
METHOD_WITH_CAMPP = "resemblyzer-count+campp-and-mfcc-seeds+gmm-hmm-resegmentation+phrase-roles/3"
METHOD_WITHOUT_ENCODER = "mfcc-f0-ward+gmm-hmm-resegmentation+phrase-roles/1"
WORD_MIN_POSTERIOR = 0.7  # a word less sure than this of its voice is "unknown"
ROLE_MIN_CONFIDENCE = 0.8  # below this the role assignment is "low_confidence"
WORD_SEARCH_S = 0.2  # a word with no speech frame under it looks this far around
# Overlap: 500 ms windows where at least a fifth of the frame votes go to the other
# voice. Measured (oracle words): sustained talk-over 0.32, every other two-voice
# call <= 0.02. The earlier 250 ms / 0.3 setting gave the talk-over call 0.153, so
# it sat on HEAVY_OVERLAP_SHARE and flipped with float noise between machines.
OVERLAP_WINDOW = 50  # frames (500 ms) to judge whether both voices alternate
OVERLAP_MIXED = 0.2  # minority share of frame votes that marks a mixed window
OVERLAP_NEAR_S = 1.0  # mixed frames count as overlap this close to a change without pause
HEAVY_OVERLAP_SHARE = 0.15  # share of speech in suspected overlap that flags the call
TURN_BRIDGE_S = 0.5  # one voice's pauses shorter than this stay inside its turn
UNSURE_CAP = 0.5  # speaker_confidence ceiling when the call is flagged but labels kept
STATUSES = ("ok", "single_speaker", "too_many_speakers", "heavy_overlap", "low_confidence")


def warm_up() -> None:
    """Do now what the first diarize_transcript in a process would otherwise pay for.

    Loads the Silero VAD session (a no-op when the transcriber already has)
    and runs two seconds of synthetic audio through the features, the voice
    count, a GMM fit and the HMM. Call it once where the worker loads its
    models. Diarization itself needs only numpy and the VAD: no sklearn or
    scipy import. The CAM++ session (0.3 s CPU to load) is left to the first
    call that asks for it: calls whose Resemblyzer and MFCC seeds agree never
    do (embedding.SEEDS_AGREE).
    """
    from models.audio.vad import load_vad

    load_vad()
    rng = np.random.default_rng(0)
    seconds = np.arange(2 * 16_000) / 16_000
    tone = 0.1 * np.sin(2 * np.pi * 150.0 * seconds) + 0.01 * rng.standard_normal(seconds.size)
    count_voices(frame_features(tone.astype(np.float32)))
    try:
        from models.diarization.voice_encoder import embed_windows, load_encoder

        load_encoder()
        mels = rng.standard_normal((200, 40)).astype(np.float32) ** 2
        embed_windows(mels, np.zeros(2, dtype=int))
    except EncoderUnavailableError:
        pass
    fit_diagonal_gmm(rng.standard_normal((400, 16)), 4, seed=0)
    viterbi_and_posterior(rng.standard_normal(400), np.full(400, -12.0))


def _mono(samples: np.ndarray) -> np.ndarray:
    array = np.asarray(samples, dtype=np.float32)
    if array.ndim == 2:
        if array.shape[0] > 1 and not np.allclose(array[0], array[1:], atol=1e-3):
            raise ValueError("diarize_transcript needs one mixed channel, got several different")
        array = array[0]
    return array.reshape(-1)


def _overlap_share(track: SpeakerTrack) -> float:
    """Share of speech frames that look like two voices talking at once.

    Inside sustained talk-over the frame-by-frame vote flips between the
    voices and the path changes voice with no pause; mixed windows near such
    changes are counted. Short overlaps (a back-channel under speech) are
    not seen and go to the louder voice.
    """
    votes = np.sign(track.llr)
    mean = np.convolve(votes, np.ones(OVERLAP_WINDOW) / OVERLAP_WINDOW, mode="same")
    mixed = (1.0 - np.abs(mean)) / 2.0 > OVERLAP_MIXED
    gaps = np.diff(track.frames, prepend=track.frames[0])
    changes = np.nonzero(
        (np.diff(track.labels, prepend=track.labels[0]) != 0) & (gaps < PAUSE_FRAMES)
    )[0]
    if changes.size == 0:
        return 0.0
    reach = OVERLAP_NEAR_S / HOP_S
    times = track.frames
    change_times = times[changes]  # ascending, as the frames are
    after = np.searchsorted(change_times, times).clip(1, len(change_times) - 1)
    nearest = np.minimum(
        np.abs(times - change_times[after - 1]), np.abs(times - change_times[after])
    )
    if len(change_times) == 1:
        nearest = np.abs(times - change_times[0])
    near = nearest <= reach
    return float(np.mean(mixed & near))


def _turns(track: SpeakerTrack, roles: dict[int, str]) -> list[list[Any]]:
    """[[start_s, end_s, speaker], ...]: the acoustic timeline of who speaks."""
    turns: list[list[Any]] = []
    frames, labels = track.frames, track.labels
    if len(frames) == 0:
        return turns
    # Runs of consecutive frames with one label.
    breaks = np.flatnonzero((np.diff(labels) != 0) | (np.diff(frames) > 1)) + 1
    starts = np.r_[0, breaks].tolist()
    ends = np.r_[breaks, len(frames)].tolist()
    for start, stop in zip(starts, ends, strict=True):
        speaker = roles.get(int(labels[start]), UNKNOWN)
        begin = round(float(frames[start] * HOP_S), 2)
        end = round(float((frames[stop - 1] + 1) * HOP_S), 2)
        if turns and turns[-1][2] == speaker and begin - turns[-1][1] < TURN_BRIDGE_S:
            turns[-1][1] = end
        else:
            turns.append([begin, end, speaker])
    return turns


def _word_offsets(text: str, words: list[Word]) -> list[int]:
    """Where each word starts in the segment text (-1 where it cannot be found)."""
    offsets: list[int] = []
    position = 0
    for word in words:
        found = text.find(word.word, position) if word.word else -1
        offsets.append(found)
        if found >= 0:
            position = found + len(word.word)
    return offsets


def _split_segment(
    segment: Segment, labels: list[tuple[str, float | None]], breaks: frozenset[int] = frozenset()
) -> list[Segment]:
    """Cut a segment where consecutive words change speaker (or a new piece starts at a word
    index in `breaks`), keeping the text's own spacing."""
    offsets = _word_offsets(segment.text, segment.words)
    runs: list[list[int]] = []
    for index, (speaker, _) in enumerate(labels):
        if runs and labels[runs[-1][0]][0] == speaker and index not in breaks:
            runs[-1].append(index)
        else:
            runs.append([index])
    if len(runs) == 1:
        return [_piece(segment, runs[0], labels, segment.text)]
    exact = all(o >= 0 for o in offsets) and offsets == sorted(offsets)
    pieces: list[Segment] = []
    for number, run in enumerate(runs):
        if exact:
            end = offsets[runs[number + 1][0]] if number + 1 < len(runs) else len(segment.text)
            text = segment.text[offsets[run[0]] : end].strip()
        else:
            text = " ".join(segment.words[i].word for i in run).strip()
        pieces.append(_piece(segment, run, labels, text))
    return pieces


def _piece(
    segment: Segment, run: list[int], labels: list[tuple[str, float | None]], text: str
) -> Segment:
    words = [segment.words[i] for i in run]
    confidences = [c for i in run if (c := labels[i][1]) is not None]
    return Segment(
        start=words[0].start,
        end=words[-1].end,
        speaker=labels[run[0]][0],
        text=text,
        words=words,
        channel=segment.channel,
        speaker_confidence=round(float(np.mean(confidences)), 4) if confidences else None,
    )


def _span_votes(
    features: FrameFeatures, track: SpeakerTrack, starts: np.ndarray, ends: np.ndarray
) -> list[tuple[int | None, float]]:
    """(voice, posterior of that voice) per time span, from the speech frames under it.

    A span with no speech frame under it looks WORD_SEARCH_S around; still
    none: (None, 0.5). All spans at once, from cumulative sums.
    """
    n = features.n_frames
    labels_sum = np.r_[0.0, np.cumsum(track.labels)]
    posterior_sum = np.r_[0.0, np.cumsum(track.posterior)]
    votes: list[tuple[int | None, float]] = [(None, 0.5)] * len(starts)
    pending = np.arange(len(starts))
    for slack in (0.0, WORD_SEARCH_S):
        if pending.size == 0:
            break
        first = np.clip(np.round((starts[pending] - slack) / HOP_S), 0, n).astype(int)
        last = np.clip(np.round((ends[pending] + slack) / HOP_S), 0, n).astype(int)
        lo = np.searchsorted(track.frames, first)
        hi = np.searchsorted(track.frames, np.maximum(last, lo + 1))
        found = hi > lo
        for index, a, b in zip(pending[found], lo[found], hi[found], strict=True):
            count = b - a
            voice = int((labels_sum[b] - labels_sum[a]) / count >= 0.5)
            p_one = float((posterior_sum[b] - posterior_sum[a]) / count)
            votes[index] = (voice, p_one if voice == 1 else 1.0 - p_one)
        pending = pending[~found]
    return votes


def _label_words(
    transcript: Transcript,
    features: FrameFeatures,
    track: SpeakerTrack,
) -> list[list[tuple[int | None, float]]]:
    """Per segment, per word (or one entry for a wordless segment): (voice, posterior)."""
    spans = [
        [(w.start, w.end) for w in segment.words] or [(segment.start, segment.end)]
        for segment in transcript.segments
    ]
    flat = [span for segment_spans in spans for span in segment_spans]
    times = np.asarray(flat, dtype=np.float64).reshape(-1, 2)
    votes = _span_votes(features, track, times[:, 0], times[:, 1])
    out: list[list[tuple[int | None, float]]] = []
    position = 0
    for segment_spans in spans:
        out.append(votes[position : position + len(segment_spans)])
        position += len(segment_spans)
    return out


def _voice_turns(
    transcript: Transcript, votes: list[list[tuple[int | None, float]]]
) -> list[tuple[int, str]]:
    """Consecutive words of one voice joined into (voice, text) turns, for role evidence."""
    turns: list[tuple[int, list[str]]] = []
    for segment, seg_votes in zip(transcript.segments, votes, strict=True):
        texts = [w.word for w in segment.words] or [segment.text]
        for text, (voice, posterior) in zip(texts, seg_votes, strict=True):
            if voice is None or posterior < WORD_MIN_POSTERIOR:
                continue
            if turns and turns[-1][0] == voice:
                turns[-1][1].append(text)
            else:
                turns.append((voice, [text]))
    return [(voice, " ".join(words)) for voice, words in turns]


def _block(
    status: str,
    reason: str,
    count: VoiceCount,
    *,
    roles: RoleDecision | None = None,
    role_evidence: dict[str, Any] | None = None,
    track: SpeakerTrack | None = None,
    overlap: float | None = None,
    turns: list[list[Any]] | None = None,
    method: str = METHOD,
) -> dict[str, Any]:
    assert status in STATUSES
    return {
        "method": method,
        "num_speakers_detected": count.n_speakers,
        "confidence": roles.confidence if roles is not None else None,
        "status": status,
        "reason": reason,
        "role_evidence": roles.evidence if roles is not None else (role_evidence or {}),
        "agent_voice": roles.agent_voice if roles is not None else None,
        "voice_split_gains": count.gains,
        "voice_split_penalty": count.penalty,
        "voice_separation": round(track.separation, 3) if track is not None else None,
        "overlap_share": round(overlap, 4) if overlap is not None else None,
        "turns": turns or [],
        "edits": [],
    }


def _all_unknown(transcript: Transcript, block: dict[str, Any]) -> Transcript:
    segments = [
        replace(s, speaker=UNKNOWN, speaker_confidence=None, words=list(s.words))
        for s in transcript.segments
    ]
    return replace(transcript, segments=segments, diarization=block)


def _voices(
    samples: np.ndarray, features: FrameFeatures
) -> tuple[VoiceCount, SpeakerTrack | None, str]:
    """(voice count, two-voice track or None, method): the speaker encoder's path, or
    the issue-6 MFCC path when the encoder is not installed."""
    from models.diarization.embedding import embedding_track

    mfcc = count_voices(features)
    try:
        count, track = embedding_track(samples, features, mfcc)
    except EncoderUnavailableError as exc:
        track = resegment(features, mfcc) if mfcc.n_speakers == 2 else None
        mfcc.reason += f" (speaker encoder missing: {exc})"
        return mfcc, track, METHOD_WITHOUT_ENCODER
    from models.diarization import campp_encoder

    return count, track, METHOD_WITH_CAMPP if campp_encoder.available() else METHOD


def diarize_transcript(
    samples_16k: np.ndarray,
    transcript: Transcript,
    *,
    role_hint: RoleHint | None = None,
) -> Transcript:
    """A copy of `transcript` with speakers found in the mono audio `samples_16k`.

    `samples_16k`: the call's one channel at 16 kHz (shape (n,) or (1, n), as
    in DecodedAudio.samples). `transcript`: Transcriber output for it (words
    with times). `role_hint`: optional sentence classifier, called once with
    [(sentence, previous sentence)] and returning Predictions, e.g.
    `SentenceClassifier.load().predict`; it sharpens the agent/customer call.

    Segments are cut where the speaker changes between words. Status "ok":
    two voices, roles sure; "low_confidence" / "heavy_overlap": best-guess
    labels kept, speaker_confidence capped; "single_speaker" /
    "too_many_speakers": every segment "unknown". Words whose voice is
    unsure are "unknown" in every case.
    """
    samples = _mono(samples_16k)
    features = frame_features(samples)
    count, track, method = _voices(samples, features)
    all_text = [s.text for s in transcript.segments]
    if count.n_speakers == 1:
        little = "too little" in count.reason
        reason = count.reason
        if not little:
            reason += (
                "; speakers left unknown (two voices that sound alike, or that talk over"
                " each other throughout in a noisy line, can also look like one)"
            )
        block = _block(
            "low_confidence" if little else "single_speaker",
            reason,
            count,
            role_evidence={"all": voice_evidence(all_text)},
            method=method,
        )
        return _all_unknown(transcript, block)
    if count.n_speakers >= 3:
        block = _block(
            "too_many_speakers",
            f"{count.reason}: more than the agent and one customer (transfer, conference,"
            " or a voice in the background); speakers left unknown",
            count,
            role_evidence={"all": voice_evidence(all_text)},
            method=method,
        )
        return _all_unknown(transcript, block)
    if track is None:
        block = _block("low_confidence", "no speech found", count, method=method)
        return _all_unknown(transcript, block)
    votes = _label_words(transcript, features, track)
    decision = assign_roles(_voice_turns(transcript, votes), role_hint)
    role_of = {decision.agent_voice: AGENT, 1 - decision.agent_voice: CUSTOMER}
    overlap = _overlap_share(track)
    if overlap >= HEAVY_OVERLAP_SHARE:
        status = "heavy_overlap"
        reason = (
            f"{overlap:.0%} of the speech looks like both voices at once; labels are a best"
            " guess (the louder voice) and the talk-over timing is not reliable"
        )
    elif decision.confidence < ROLE_MIN_CONFIDENCE:
        status = "low_confidence"
        reason = (
            "two voices, but little in what they say tells which is the agent; "
            "check the roles (swap if needed)"
        )
    else:
        status = "ok"
        reason = "two voices; roles from what each says"
    cap = 1.0 if status == "ok" else UNSURE_CAP
    turns = speaker_turns(
        track, features.loose_speech, features.n_frames, role_of, features.level_db
    )
    turn_index = TurnIndex(turns)
    segments: list[Segment] = []
    for segment, seg_votes in zip(transcript.segments, votes, strict=True):
        labels: list[tuple[str, float | None]] = []
        for voice, posterior in seg_votes:
            if voice is None or posterior < WORD_MIN_POSTERIOR:
                labels.append((UNKNOWN, None))
            else:
                labels.append((role_of[voice], min(cap, posterior * decision.confidence)))
        if segment.words:
            breaks = turn_breaks(segment.words, [speaker for speaker, _ in labels], turn_index)
            segments.extend(_split_segment(segment, labels, breaks))
        else:
            speaker, confidence = labels[0]
            segments.append(replace(segment, speaker=speaker, speaker_confidence=confidence))
    block = _block(
        status,
        reason,
        count,
        roles=decision,
        track=track,
        overlap=overlap,
        turns=turns,
        method=method,
    )
    # Segment times follow the turns (pauses inside a turn included); words keep theirs.
    segments = fit_segments_to_turns(segments, turns)
    return replace(transcript, segments=segments, diarization=block)


_SWAP = {AGENT: CUSTOMER, CUSTOMER: AGENT, UNKNOWN: UNKNOWN}


def swap_roles(transcript: Transcript) -> Transcript:
    """A copy with agent and customer exchanged everywhere (segments and turns)."""
    segments = [replace(s, speaker=_SWAP.get(s.speaker, s.speaker)) for s in transcript.segments]
    block = copy.deepcopy(transcript.diarization) if transcript.diarization else None
    if block is not None:
        block["turns"] = [[a, b, _SWAP.get(who, who)] for a, b, who in block.get("turns", [])]
        if block.get("agent_voice") is not None:
            block["agent_voice"] = 1 - int(block["agent_voice"])
        block.setdefault("edits", []).append({"action": "swap_roles"})
    return replace(transcript, segments=segments, diarization=block)


def reassign_segment(transcript: Transcript, segment_index: int, speaker: str) -> Transcript:
    """A copy with one segment given to `speaker` by a reviewer (confidence 1.0)."""
    if speaker not in (AGENT, CUSTOMER, UNKNOWN):
        raise ValueError(f"speaker must be agent, customer or unknown, not {speaker!r}")
    if not 0 <= segment_index < len(transcript.segments):
        raise IndexError(f"segment {segment_index} out of range 0..{len(transcript.segments) - 1}")
    segments = list(transcript.segments)
    old = segments[segment_index]
    segments[segment_index] = replace(
        old, speaker=speaker, speaker_confidence=None if speaker == UNKNOWN else 1.0
    )
    block = copy.deepcopy(transcript.diarization) if transcript.diarization else {}
    block.setdefault("edits", []).append(
        {"action": "reassign_segment", "segment": segment_index, "from": old.speaker, "to": speaker}
    )
    return replace(transcript, segments=segments, diarization=block)
