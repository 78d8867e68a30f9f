"""Coaching clips without Qt: cut call audio, write WAV/MP3/Opus, snippets, shareable folders."""
