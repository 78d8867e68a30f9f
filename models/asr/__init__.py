"""Speech-to-text: Whisper model resolution (whisper_models), CT2 conversion, transcription."""
