"""Signing a test client in as a member of staff who has passed every gate a real sign-in
passes (password, second factor, training and confidentiality)."""


def sign_in(client, user):
    client.force_login(user)
    return client
