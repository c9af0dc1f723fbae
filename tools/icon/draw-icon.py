# Draws media/icon.png, the extension icon (128×128): a loss curve falling then flat, a val_loss
# curve turning up, the best epoch. Pure numpy, no imaging library: .venv-test/bin/python tools/icon/draw-icon.py
import numpy as np, zlib, struct
S = 4; N = 128 * S
y, x = np.mgrid[0:N, 0:N].astype(np.float64) / S
img = np.zeros((N, N, 4))
# rounded square background
r = 22; inside = np.ones((N, N), bool)
for cx, cy in [(r, r), (128 - r, r), (r, 128 - r), (128 - r, 128 - r)]:
    corner = ((x < r) if cx == r else (x > 128 - r)) & ((y < r) if cy == r else (y > 128 - r))
    inside &= ~(corner & ((x - cx) ** 2 + (y - cy) ** 2 > r * r))
top = np.array([0.11, 0.20, 0.33]); bot = np.array([0.05, 0.10, 0.18])
t = (y / 128)[..., None]
img[..., :3] = top * (1 - t) + bot * t
img[..., 3] = inside
def stroke(fx, x0, x1, width, color):
    xs = np.linspace(x0, x1, 2000); ys = fx(xs)
    pts = np.stack([xs, ys], 1)
    d = np.full((N, N), 1e9)
    for i in range(0, len(pts) - 1, 4):
        p = pts[i]
        d = np.minimum(d, (x - p[0]) ** 2 + (y - p[1]) ** 2)
    m = (d <= (width / 2) ** 2) & inside
    img[m, :3] = color
def disc(cx, cy, rad, color):
    m = ((x - cx) ** 2 + (y - cy) ** 2 <= rad * rad) & inside
    img[m, :3] = color
# axes
img[(np.abs(x - 22) < 1.5) & (y > 20) & (y < 108) & inside, :3] = [0.45, 0.55, 0.68]
img[(np.abs(y - 106) < 1.5) & (x > 20) & (x < 110) & inside, :3] = [0.45, 0.55, 0.68]
loss = lambda s: 122 - 30 - 62 * np.exp(-(s - 26) / 11)
val = lambda s: 122 - 36 - 56 * np.exp(-(s - 26) / 11) - 0.0016 * np.maximum(s - 62, 0) ** 2.2
stroke(val, 26, 106, 6, [1.0, 0.62, 0.25])
stroke(loss, 26, 106, 7, [0.38, 0.85, 1.0])
bx = 62; disc(bx, val(np.array([bx]))[0], 7.5, [0.36, 0.86, 0.45])
out = img.reshape(128, S, 128, S, 4).mean(axis=(1, 3))
rgba = (np.clip(out, 0, 1) * 255).round().astype(np.uint8)
raw = b''.join(b'\x00' + rgba[i].tobytes() for i in range(128))
def chunk(t, d): return struct.pack('>I', len(d)) + t + d + struct.pack('>I', zlib.crc32(t + d) & 0xffffffff)
png = b'\x89PNG\r\n\x1a\n' + chunk(b'IHDR', struct.pack('>IIBBBBB', 128, 128, 8, 6, 0, 0, 0)) + chunk(b'IDAT', zlib.compress(raw, 9)) + chunk(b'IEND', b'')
open('media/icon.png', 'wb').write(png)
