"""Mono diarization (issue 6): who speaks each word of a one-channel call, and who is the agent.

Entry points live in diarizer.py: diarize_transcript, swap_roles, reassign_segment.
Method, statuses and measured numbers: README.md beside this file.
"""
