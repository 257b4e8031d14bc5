"""The agency registry: who can be given a task, how to reach them, and named groups."""

from __future__ import annotations

from typing import Annotated, Literal

from pydantic import Field, model_validator

from directive_flow.definition.model.common import Code, Day, Model, Text, pattern

AgencyKind = Literal[
    "people-committee",
    "office",
    "department",
    "police",
    "military",
    "district",
    "city",
    "committee",
    "mass-organisation",
    "press",
    "other",
]

NotifyUrl = Annotated[
    str,
    pattern(
        r"^[a-z][a-z0-9+.-]*://\S+$",
        "a notification URL such as mailto://... or json://...",
        description="An Apprise notification URL, e.g. mailto://user:pass@host?to=a@b.vn or json://host/path.",
    ),
]


EMAIL_PATTERN = (
    r"^[A-Za-z0-9!#$%&'*+/=?^_`{|}~-]+(?:\.[A-Za-z0-9!#$%&'*+/=?^_`{|}~-]+)*"  # a dot-atom
    r"@[A-Za-z0-9](?:[A-Za-z0-9-]{0,61}[A-Za-z0-9])?(?:\.[A-Za-z0-9](?:[A-Za-z0-9-]{0,61}[A-Za-z0-9])?)+$"
)
"""One mailbox: ``a,b@x.vn`` (two for a server), ``a:b@x.vn`` (never deliverable) and a
dot-atom with a leading, trailing or double dot (``.a@``, ``a.@``, ``a..b@``; RFC 5321) fail."""


class Contact(Model):
    """A person or mailbox that receives an agency's reminders."""

    name: Text | None = None
    role: Text | None = Field(
        None, description="e.g. 'Văn thư', 'Chuyên viên theo dõi', 'Giám đốc'."
    )
    email: (
        Annotated[str, pattern(EMAIL_PATTERN, "one e-mail address (no list, no name)")] | None
    ) = None
    notify: tuple[NotifyUrl, ...] = ()
    head: bool = Field(
        False, description="This contact is the agency head (urging letters go here)."
    )

    @model_validator(mode="after")
    def _reachable(self) -> Contact:
        """A contact without an address is read by nothing: no reminder, letter or sign-in
        reaches it (a letter names the head by the agency's ``head_title``)."""
        if self.email is None and not self.notify:
            raise ValueError(
                "gives neither 'email' nor 'notify': nobody can be reached through this contact"
            )
        return self


class Agency(Model):
    """One agency: a department, the police, a district People's Committee, ..."""

    code: Code
    name: Text = Field(description="Official Vietnamese name, e.g. 'Sở Y tế'.")
    short_names: tuple[Text, ...] = Field((), description="Abbreviations, e.g. 'Sở LĐTBXH'.")
    aliases: tuple[Text, ...] = Field((), description="Other ways notices name it.")
    kind: AgencyKind
    parent: Code | None = None
    head_title: Text | None = Field(None, description="Title of its head, e.g. 'Giám đốc Sở'.")
    contacts: tuple[Contact, ...] = ()
    assumed: bool = Field(False, description="Not named by the source; included by assumption.")
    note: Text | None = None


class Group(Model):
    """A named set of agencies (and groups) that fans out into one task per member."""

    code: Code
    name: Text
    aliases: tuple[Text, ...] = ()
    members: tuple[Code, ...] = Field(description="Agency or group codes.")
    assumed: bool = False
    note: Text | None = None


class AgencyRegistry(Model):
    """An agency registry file (``kind: agency-registry``)."""

    kind: Literal["agency-registry"]
    id: Code
    name: Text
    as_of: Day | None = Field(None, description="Date the organisation described was in force.")
    agencies: tuple[Agency, ...] = Field(min_length=1)
    groups: tuple[Group, ...] = ()
