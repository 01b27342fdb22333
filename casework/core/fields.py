"""Model fields for personal data held encrypted at rest."""

from django.db import models

from casework.core import crypto


class EncryptedTextField(models.TextField):
    """A text value stored as a Fernet token. Python code sees plaintext; the database never
    does. Only `isnull` lookups make sense on ciphertext: search through a blind index instead."""

    description = "Text encrypted at rest"

    def from_db_value(self, value, expression, connection):
        if value is None or value == "":
            return value
        return crypto.decrypt(value)

    def get_prep_value(self, value):
        value = super().get_prep_value(value)
        if value is None or value == "":
            return value
        return crypto.encrypt(value)

    def get_lookup(self, lookup_name):
        if lookup_name != "isnull":
            raise NotImplementedError(
                f"'{lookup_name}' lookups are impossible on an encrypted field ({self.name}); "
                "search through its blind index."
            )
        return super().get_lookup(lookup_name)
