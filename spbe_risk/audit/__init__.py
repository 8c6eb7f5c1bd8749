"""The audit domain (pure): audit metadata, who may meet which duty, the K15 konklusi,
findings and their follow-up (tindak lanjut), and the periodic report's data.

Layer: core (pure). May import only the model, vocabulary, problems and other core modules; no disk, no clock.
"""
