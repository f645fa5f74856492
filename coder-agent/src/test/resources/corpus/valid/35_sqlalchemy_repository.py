from typing import Optional, Sequence

from sqlalchemy import select
from sqlalchemy.orm import Session

from .models import User


class UserRepository:
    def __init__(self, session: Session) -> None:
        self.session = session

    def by_email(self, email: str) -> Optional[User]:
        return self.session.scalars(select(User).where(User.email == email.lower())).first()

    def page(self, offset: int = 0, limit: int = 50) -> Sequence[User]:
        stmt = select(User).order_by(User.id).offset(offset).limit(min(limit, 500))
        return self.session.scalars(stmt).all()

    def add(self, user: User) -> User:
        self.session.add(user)
        self.session.flush()
        return user
