class Expression:
    def __init__(self, left: int, right: int) -> None:
        self.left = left
        self.right = right

    def eval(self) -> int:
        return self.left + self.right

    def exec(self) -> None:
        print(self.eval())


total = Expression(1, 2).eval()
