def describe(user):
    return f"user {user.name!x} logged in"
