"""Write the four bundled demo calls into resources/demo (audio + demo_calls.csv).

Two rushed calls and two good ones, in four industries, each a two-voice
stereo recording (agent left, customer right) synthesized with
scripts/callsynth.py and saved as Ogg Opus, so the whole set stays well under
3 MB. The CSV gives each call an agent, a team and how many days before the
import it is dated, so the first-run library shows a spread over a few weeks.

    python scripts/make_demo_calls.py [--out resources/demo]
"""

from __future__ import annotations

import argparse
import csv
import sys
import tempfile
from dataclasses import dataclass
from pathlib import Path

REPO_ROOT = Path(__file__).resolve().parent.parent
if str(REPO_ROOT) not in sys.path:
    sys.path.insert(0, str(REPO_ROOT))

DEFAULT_OUT = REPO_ROOT / "resources" / "demo"
OPUS_BITRATE = 32_000  # stereo speech: clear enough for Whisper, ~250 kB a minute


@dataclass(frozen=True)
class DemoScript:
    """One demo call: who, where, what it should show, and the dialogue."""

    file: str
    title: str
    agent: str
    team: str
    days_ago: int
    expected: str  # what the analysis should find (for people reading the CSV)
    turns: tuple[tuple[str, str], ...]  # (speaker, text); speaker "agent" or "customer"
    agent_voice: str = "slt"  # flite voices (scripts/callsynth.py)
    customer_voice: str = "rms"

    def callsynth_script(self) -> dict[str, object]:
        return {
            "id": Path(self.file).stem,
            "agent_voice": self.agent_voice,
            "customer_voice": self.customer_voice,
            "turns": [{"speaker": speaker, "text": text} for speaker, text in self.turns],
        }


A, C = "agent", "customer"

DEMO_SCRIPTS: tuple[DemoScript, ...] = (
    DemoScript(
        file="01_broadband_rushed.opus",
        title="Broadband: connection keeps dropping",
        agent="Dana Whitfield",
        team="Broadband",
        days_ago=0,
        expected="rushed: P1 fix before impact, P2 no resolution check",
        turns=(
            (
                A,
                "Thank you for calling Northwind Broadband, my name is Dana. "
                "How can I help you today?",
            ),
            (
                C,
                "Hi. My internet keeps dropping every few minutes since yesterday morning. "
                "I work from home, and three of my video calls have been cut off.",
            ),
            (A, "Okay. Can I have your account number?"),
            (C, "Sure. It's four four seven, one nine two."),
            (A, "Thanks. What lights are showing on the router?"),
            (C, "The internet light keeps flashing orange."),
            (A, "Have you tried restarting the router?"),
            (C, "Yes, twice this morning."),
            (A, "Right. I'll reset your line from our side now."),
            (A, "Okay, that's done. Your line has been reset."),
            (
                C,
                "Okay. I hope that fixes it, because I have an important client call "
                "this afternoon.",
            ),
            (A, "Is there anything else I can help you with?"),
            (C, "No, I guess not."),
            (A, "Thanks for calling Northwind. Have a great day."),
        ),
    ),
    DemoScript(
        file="02_bank_card_rushed.opus",
        title="Bank: unknown card payment",
        agent="Marco Ruiz",
        team="Cards",
        days_ago=20,
        expected="rushed: P4 rush language, P3 closing over an open concern (also P1, P2)",
        agent_voice="rms",
        customer_voice="slt",
        turns=(
            (
                A,
                "Harbor Bank card services, this is Marco. I need to keep this quick, "
                "we're very busy today. What's the problem?",
            ),
            (
                C,
                "There's a payment of eighty nine dollars on my card from a shop "
                "I have never used.",
            ),
            (A, "Can I have the last four digits of the card?"),
            (C, "Five, five, two, one."),
            (A, "Which shop is the payment from?"),
            (
                C,
                "Something called Quick Mart Online. I have never heard of them, "
                "and I'm worried someone has my card details.",
            ),
            (A, "When did the payment appear?"),
            (C, "On Monday. I only noticed it this morning, when I checked my balance."),
            (A, "Okay. I'll block the card and send you a new one."),
            (C, "Will I get the eighty nine dollars back?"),
            (
                A,
                "A dispute form will be emailed to you. Let's just get you sorted "
                "so I can move on.",
            ),
            (C, "But what about my rent payment on Friday? It comes off this card."),
            (A, "Thanks for calling Harbor Bank. Goodbye."),
        ),
    ),
    DemoScript(
        file="03_software_login_good.opus",
        title="Software: locked out before invoicing",
        agent="Priya Nair",
        team="Software Support",
        days_ago=13,
        expected="good: impact question before the fix, fix checked",
        agent_voice="slt",
        customer_voice="awb",
        turns=(
            (A, "Thanks for calling Ledgerly support, my name is Priya. How can I help you today?"),
            (
                C,
                "I can't log in to my account. It says my password is wrong, "
                "but I know it's right.",
            ),
            (A, "I'm sorry to hear that. When did this start?"),
            (C, "This morning, around eight."),
            (A, "And how is this affecting your business today?"),
            (
                C,
                "Well, I run a small bakery, and I need to send invoices to two cafes "
                "before noon, otherwise they pay me late.",
            ),
            (
                A,
                "So getting those invoices out is what matters most today. "
                "Can I have the email address on the account?",
            ),
            (C, "It's anna at bakehouse dot com."),
            (
                A,
                "Thank you. I can see the account was locked after three attempts. "
                "I've unlocked it and sent you a reset link.",
            ),
            (C, "Okay, I've got the email."),
            (A, "Can you try logging in now and tell me if it works?"),
            (C, "Yes, I'm in. I can see my invoices."),
            (A, "Great. Is there anything else I can help you with?"),
            (C, "No, that's everything. Thank you."),
            (A, "Thanks for calling Ledgerly. Good luck with the invoices."),
        ),
    ),
    DemoScript(
        file="04_energy_bill_good.opus",
        title="Energy: bill three times higher",
        agent="Tom Becker",
        team="Billing",
        days_ago=6,
        expected="good: impact question, fix offered and checked",
        agent_voice="awb",
        customer_voice="slt",
        turns=(
            (A, "Good morning, Brightwater Energy, this is Tom speaking. What can I do for you?"),
            (
                C,
                "My last bill is almost three times higher than usual, and I don't understand why.",
            ),
            (A, "I'm sorry about that. Which month's bill is it?"),
            (C, "The March bill. It's four hundred and ten pounds."),
            (A, "What has this bill meant for you and your family this month?"),
            (
                C,
                "Honestly, it's stressful. We're on a tight budget, and that money "
                "was for my son's school trip.",
            ),
            (
                A,
                "That sounds really worrying. Let me pull up your account. I can see "
                "the meter reading was estimated, not an actual reading.",
            ),
            (
                A,
                "I can correct the bill with your real reading and refund the difference "
                "within five days. Is that option okay for you?",
            ),
            (C, "Yes, that would be great. My meter says twenty three thousand four hundred."),
            (
                A,
                "Thank you. I've corrected the bill. Your new total is one hundred and "
                "forty two pounds. Does that look right to you?",
            ),
            (C, "Yes, that's what I normally pay. Thank you."),
            (A, "Is there anything else I can help you with today?"),
            (C, "No, that's all."),
            (A, "Thank you for calling Brightwater. Have a lovely day."),
        ),
    ),
)

CSV_FIELDS = ("file", "title", "agent", "team", "days_ago", "agent_channel", "expected")


def encode_opus(wav_path: Path, out_path: Path, bitrate: int = OPUS_BITRATE) -> float:
    """Re-encode a WAV file as Ogg Opus with PyAV; returns the duration in seconds."""
    import av

    with av.open(str(wav_path)) as source:
        in_stream = source.streams.audio[0]
        layout = in_stream.layout.name
        with av.open(str(out_path), "w", format="ogg") as target:
            out_stream = target.add_stream("libopus", rate=48_000, layout=layout)
            out_stream.bit_rate = bitrate
            resampler = av.AudioResampler(format="s16", layout=layout, rate=48_000)
            samples = 0
            for frame in source.decode(in_stream):
                for converted in resampler.resample(frame):
                    samples += converted.samples
                    for packet in out_stream.encode(converted):
                        target.mux(packet)
            for converted in resampler.resample(None):
                samples += converted.samples
                for packet in out_stream.encode(converted):
                    target.mux(packet)
            for packet in out_stream.encode(None):
                target.mux(packet)
    return samples / 48_000


def make_demo_calls(out_dir: Path = DEFAULT_OUT) -> list[tuple[DemoScript, float, int]]:
    """Synthesize, encode and describe every demo call; returns (script, seconds, bytes)."""
    from scripts.callsynth import synthesize_call

    out_dir.mkdir(parents=True, exist_ok=True)
    made: list[tuple[DemoScript, float, int]] = []
    with tempfile.TemporaryDirectory() as scratch:
        for script in DEMO_SCRIPTS:
            wav_path = Path(scratch) / (Path(script.file).stem + ".wav")
            synthesize_call(script.callsynth_script(), wav_path, layout="stereo")
            out_path = out_dir / script.file
            seconds = encode_opus(wav_path, out_path)
            made.append((script, seconds, out_path.stat().st_size))
    with (out_dir / "demo_calls.csv").open("w", newline="", encoding="utf-8") as handle:
        writer = csv.DictWriter(handle, fieldnames=CSV_FIELDS)
        writer.writeheader()
        for script, _seconds, _size in made:
            writer.writerow(
                {
                    "file": script.file,
                    "title": script.title,
                    "agent": script.agent,
                    "team": script.team,
                    "days_ago": script.days_ago,
                    "agent_channel": "left",
                    "expected": script.expected,
                }
            )
    return made


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--out", type=Path, default=DEFAULT_OUT, help="output folder")
    args = parser.parse_args(argv)
    made = make_demo_calls(args.out)
    total = 0
    for script, seconds, size in made:
        total += size
        print(f"{script.file:32s} {seconds:5.1f} s {size / 1024:7.1f} kB  {script.expected}")
    print(f"total {total / 1024 / 1024:.2f} MB in {args.out}")
    return 0


if __name__ == "__main__":
    sys.exit(main())
