"""Error pages: short, in the site's layout, and never a traceback."""

from __future__ import annotations

from flask import Flask, jsonify, render_template, request
from werkzeug.exceptions import HTTPException, InternalServerError

from factcheck.extensions import db

MESSAGES = {
    400: "The request could not be understood. Reload the page and try again.",
    401: "Please sign in to continue.",
    403: "You do not have permission to see this page.",
    404: "There is nothing at this address.",
    405: "This address does not accept that kind of request.",
    409: "Someone else changed this item in the meantime.",
    413: "What you sent is too large.",
    429: "Too many attempts. Wait a little and try again.",
    500: "Something went wrong on our side. The error has been logged.",
}


def _wants_json() -> bool:
    best = request.accept_mimetypes.best_match(["application/json", "text/html"])
    return request.path.startswith("/api/") or best == "application/json"


def render_error(error: HTTPException):
    """Render any HTTP error with the site layout (or JSON for API clients)."""
    code = error.code or 500
    message = MESSAGES.get(code, error.description or "Error")
    if code == 400 and error.description and "CSRF" in error.description:
        message = "The form expired or did not come from this site. Reload the page and try again."
    if _wants_json():
        response = jsonify(error=message, status=code)
    else:
        response = render_template(
            "errors/error.html", code=code, message=message, title=error.name
        )
    # Keep headers such as Allow (405) or Retry-After (429), not the error's own content type.
    headers = {k: v for k, v in error.get_headers() if k.lower() != "content-type"}
    return response, code, headers


def handle_unexpected(error: Exception):
    """Log the exception, roll back, and show the generic 500 page."""
    db.session.rollback()
    if isinstance(error, HTTPException):
        return render_error(error)
    from flask import current_app

    current_app.logger.exception("Unhandled error on %s %s", request.method, request.path)
    return render_error(InternalServerError())


def init_app(app: Flask) -> None:
    """Route every HTTP error and unexpected exception to the error page."""
    app.register_error_handler(HTTPException, render_error)
    app.register_error_handler(Exception, handle_unexpected)
