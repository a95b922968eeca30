"""Domain errors shared by services; views and the API turn them into clear 4xx answers."""


class DomainError(Exception):
    """A request that breaks a business rule (illegal transition, four-eyes, ...): answered with 409/422."""

    status = 422

    def __init__(self, message: str, *, code: str = "domain_error") -> None:
        super().__init__(message)
        self.message = message
        self.code = code


class IllegalTransition(DomainError):
    status = 409

    def __init__(self, message: str) -> None:
        super().__init__(message, code="illegal_transition")


class NotPermitted(DomainError):
    """The actor lacks the permission the service requires; the denial is archived by the caller's layer."""

    status = 403

    def __init__(self, message: str, *, permission: str = "") -> None:
        super().__init__(message, code="permission_denied")
        self.permission = permission
