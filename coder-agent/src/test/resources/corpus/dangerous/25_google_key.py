# expected-rule: security.secret.google
GOOGLE_API_KEY = "AIzaSyD3f8Kp2Lm9Qx7Vt1Rb6Nc4Wz0Hd5Ys8Gu"


def headers() -> dict:
    return {"x-goog-api-key": GOOGLE_API_KEY}
