from flask import Flask, abort, jsonify, request

app = Flask(__name__)
TODOS: dict[int, dict] = {}


@app.get("/todos")
def list_todos():
    return jsonify(list(TODOS.values()))


@app.post("/todos")
def create_todo():
    payload = request.get_json(silent=True) or {}
    title = str(payload.get("title", "")).strip()
    if not title:
        abort(400, description="title is required")
    todo_id = max(TODOS, default=0) + 1
    TODOS[todo_id] = {"id": todo_id, "title": title, "done": False}
    return jsonify(TODOS[todo_id]), 201


@app.patch("/todos/<int:todo_id>")
def update_todo(todo_id: int):
    todo = TODOS.get(todo_id) or abort(404)
    todo.update({k: v for k, v in (request.get_json() or {}).items() if k in {"title", "done"}})
    return jsonify(todo)
