class Repo:
    def get(self, key):
    return None
