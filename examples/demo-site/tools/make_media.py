"""Regenerates the sample files under media/ (run with a Python that has Pillow).

The pictures are drawn, not downloaded, so the demo carries no third-party content.
"""
import math
from pathlib import Path

from PIL import Image, ImageDraw

MEDIA = Path(__file__).resolve().parent.parent / "media"


def lerp(a, b, t):
    return tuple(round(x + (y - x) * t) for x, y in zip(a, b))


def sunset(size=(240, 160)):
    w, h = size
    img = Image.new("RGB", size)
    px = img.load()
    horizon = int(h * 0.62)
    for y in range(h):
        for x in range(w):
            if y < horizon:
                c = lerp((44, 26, 94), (255, 140, 66), y / horizon)
            else:
                t = (y - horizon) / (h - horizon)
                ripple = 12 * math.sin(x / 7 + y / 2)
                c = lerp((230, 110, 80), (20, 40, 90), t)
                c = tuple(max(0, min(255, round(v + ripple))) for v in c)
            px[x, y] = c
    d = ImageDraw.Draw(img)
    d.ellipse((w * 0.55, horizon - 38, w * 0.55 + 60, horizon + 22), fill=(255, 214, 102))
    d.rectangle((0, horizon, w, horizon + 2), fill=(250, 170, 90))
    return img


def forest(size=(240, 160)):
    w, h = size
    img = Image.new("RGB", size, (186, 224, 255))
    d = ImageDraw.Draw(img)
    d.rectangle((0, h * 0.7, w, h), fill=(92, 64, 38))
    colours = [(214, 96, 38), (238, 170, 40), (46, 125, 50), (180, 60, 30), (120, 160, 40)]
    for i in range(12):
        x = (i * 23 + 7) % w
        top = 30 + (i * 17) % 40
        c = colours[i % len(colours)]
        d.polygon([(x, top), (x - 22, h * 0.78), (x + 22, h * 0.78)], fill=c)
        d.rectangle((x - 3, h * 0.78, x + 3, h * 0.86), fill=(70, 45, 25))
    return img


def mug(size=(200, 200)):
    img = Image.new("RGB", size, (245, 240, 232))
    d = ImageDraw.Draw(img)
    d.ellipse((40, 150, 160, 175), fill=(215, 205, 190))
    d.rounded_rectangle((55, 60, 135, 165), radius=12, fill=(12, 75, 51))
    d.ellipse((125, 85, 170, 135), outline=(12, 75, 51), width=10)
    d.ellipse((55, 52, 135, 70), fill=(60, 40, 30))
    d.text((72, 105), "MEDIA", fill=(255, 255, 255))
    return img


def hero(size=(480, 160)):
    w, h = size
    img = Image.new("RGB", size)
    px = img.load()
    for y in range(h):
        for x in range(w):
            t = x / w
            c = lerp((15, 61, 94), (38, 166, 154), t)
            band = 18 * math.sin(x / 18 + y / 11)
            px[x, y] = tuple(max(0, min(255, round(v + band))) for v in c)
    d = ImageDraw.Draw(img)
    for i, c in enumerate([(255, 202, 40), (239, 83, 80), (171, 71, 188)]):
        d.ellipse((300 + i * 45, 40 + i * 12, 370 + i * 45, 110 + i * 12), fill=c)
    d.text((24, 64), "Demo gallery", fill=(255, 255, 255))
    return img


AVATAR = """<svg xmlns="http://www.w3.org/2000/svg" width="96" height="96" viewBox="0 0 96 96">
  <rect width="96" height="96" rx="20" fill="#0c4b33"/>
  <circle cx="48" cy="38" r="18" fill="#ffd166"/>
  <path d="M16 88c4-20 18-30 32-30s28 10 32 30z" fill="#44b78b"/>
</svg>
"""

# A one-page PDF written by hand: header, four objects, xref with exact offsets, trailer.
def price_list_pdf():
    stream = b"BT /F1 18 Tf 72 720 Td (Demo gallery price list) Tj ET"
    objects = [
        b"<< /Type /Catalog /Pages 2 0 R >>",
        b"<< /Type /Pages /Kids [3 0 R] /Count 1 >>",
        b"<< /Type /Page /Parent 2 0 R /MediaBox [0 0 612 792] /Contents 4 0 R"
        b" /Resources << /Font << /F1 5 0 R >> >> >>",
        b"<< /Length %d >>\nstream\n" % len(stream) + stream + b"\nendstream",
        b"<< /Type /Font /Subtype /Type1 /BaseFont /Helvetica >>",
    ]
    out = bytearray(b"%PDF-1.4\n")
    offsets = []
    for i, body in enumerate(objects, start=1):
        offsets.append(len(out))
        out += b"%d 0 obj\n" % i + body + b"\nendobj\n"
    xref = len(out)
    out += b"xref\n0 %d\n0000000000 65535 f \n" % (len(objects) + 1)
    for off in offsets:
        out += b"%010d 00000 n \n" % off
    out += b"trailer\n<< /Size %d /Root 1 0 R >>\nstartxref\n%d\n%%%%EOF\n" % (len(objects) + 1, xref)
    return bytes(out)


def main():
    for sub in ("photos", "products", "banners", "avatars", "documents"):
        (MEDIA / sub).mkdir(parents=True, exist_ok=True)
    sunset().save(MEDIA / "photos" / "sunset.png", optimize=True)
    forest().save(MEDIA / "photos" / "forest.png", optimize=True)
    mug().save(MEDIA / "products" / "mug.jpg", quality=85)
    hero().save(MEDIA / "banners" / "hero.jpg", quality=85)
    (MEDIA / "avatars" / "default.svg").write_text(AVATAR)
    (MEDIA / "documents" / "price-list.pdf").write_bytes(price_list_pdf())


if __name__ == "__main__":
    main()
