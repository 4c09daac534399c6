"""OpenCV BRISQUE over a list of image files, for the scorer's eval (scripts/eval.ts).

Reads paths on stdin, one a line; prints "<score>\t<path>" per path (lower is better), or
"nan\t<path>" if a file cannot be read. Exits 3 when cv2.quality or the model files are missing.
"""
import sys

MODEL = "/usr/share/opencv4/quality/brisque_model_live.yml"
RANGE = "/usr/share/opencv4/quality/brisque_range_live.yml"

try:
    import cv2
    scorer = cv2.quality.QualityBRISQUE_create(MODEL, RANGE)
except Exception as error:  # any failure means "BRISQUE unavailable", said once
    print(f"unavailable: {error}", file=sys.stderr)
    sys.exit(3)

for line in sys.stdin:
    path = line.rstrip("\n")
    if not path:
        continue
    image = cv2.imread(path, cv2.IMREAD_COLOR)
    if image is None:
        print(f"nan\t{path}", flush=True)
        continue
    print(f"{scorer.compute(image)[0]:.4f}\t{path}", flush=True)
