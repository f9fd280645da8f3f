"""Events stage: triggers and their arguments in the parse -> candidate events with modality."""
