"""The smallest Flask app, served like factcheck, as a baseline for the review benchmark."""

from flask import Flask

app = Flask(__name__)


@app.route("/")
def index() -> str:
    """Return a constant: measures the server and the framework, nothing else."""
    return "ok"
