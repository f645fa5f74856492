def send(to, subject, body=""):
    return to, subject, body


send(to="a@example.com", "hello")
