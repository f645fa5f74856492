class AppError(Exception):
    """Base class of the application's errors."""

    status = 500

    def __init__(self, message: str, *, code: str | None = None) -> None:
        super().__init__(message)
        self.code = code or type(self).__name__


class NotFound(AppError):
    status = 404


class Conflict(AppError):
    status = 409


def to_response(error: Exception) -> tuple[int, dict[str, str]]:
    if isinstance(error, AppError):
        return error.status, {"error": error.code, "message": str(error)}
    return 500, {"error": "InternalError", "message": "unexpected error"}


try:
    raise NotFound("user 7 not found")
except AppError as err:
    STATUS, BODY = to_response(err)
finally:
    pass
