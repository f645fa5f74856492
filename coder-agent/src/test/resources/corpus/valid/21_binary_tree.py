from __future__ import annotations

from dataclasses import dataclass
from typing import Iterator, Optional


@dataclass
class Node:
    key: int
    left: Optional[Node] = None
    right: Optional[Node] = None


class BST:
    def __init__(self) -> None:
        self.root: Optional[Node] = None
        self.size = 0

    def insert(self, key: int) -> None:
        if self.root is None:
            self.root = Node(key)
            self.size = 1
            return
        node = self.root
        while True:
            if key == node.key:
                return
            branch = "left" if key < node.key else "right"
            child = getattr(node, branch)
            if child is None:
                setattr(node, branch, Node(key))
                self.size += 1
                return
            node = child

    def __iter__(self) -> Iterator[int]:
        stack: list[Node] = []
        node = self.root
        while stack or node:
            while node:
                stack.append(node)
                node = node.left
            node = stack.pop()
            yield node.key
            node = node.right
