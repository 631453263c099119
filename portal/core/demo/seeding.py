"""Idempotent building blocks for the demo seed: create what is missing, update what differs,
leave everything else alone so a second run writes nothing."""

import json

from django.contrib.auth import get_user_model
from django.contrib.auth.models import Group, Permission

from wagtail.fields import StreamField


def _normalise(data):
    """Stream data without block ids, which are new on every assignment."""
    if isinstance(data, dict):
        return {k: _normalise(v) for k, v in data.items() if k != "id"}
    if isinstance(data, list):
        return [_normalise(v) for v in data]
    return data


def _snapshot(obj, names):
    values = {}
    for name in names:
        field = obj._meta.get_field(name)
        value = getattr(obj, field.attname)
        if isinstance(field, StreamField):
            value = _normalise(json.loads(json.dumps(field.get_prep_value(value), default=str)))
        values[name] = value
    return values


def ensure_page(parent, model, slug, **fields):
    """The child of parent with this slug, created or brought up to date and published."""
    existing = model.objects.child_of(parent).filter(slug=slug).first()
    if existing is None:
        page = model(slug=slug, **fields)
        parent.add_child(instance=page)
        page.save_revision().publish()
        return page
    before = _snapshot(existing, fields)
    for name, value in fields.items():
        setattr(existing, name, value)
    if _snapshot(existing, fields) != before or not existing.live:
        existing.save_revision().publish()
    return existing


def ensure_object(model, lookup, **fields):
    """A model row found by lookup, created or updated so its fields match."""
    obj = model.objects.filter(**lookup).first()
    if obj is None:
        return model.objects.create(**lookup, **fields)
    changed = [name for name, value in fields.items() if getattr(obj, name) != value]
    if changed:
        for name in changed:
            setattr(obj, name, fields[name])
        obj.save(update_fields=changed)
    return obj


def ensure_group(name, permissions=()):
    """A group holding at least the given 'app_label.codename' permissions."""
    group, _ = Group.objects.get_or_create(name=name)
    for perm in permissions:
        app_label, codename = perm.split(".")
        permission = Permission.objects.get(content_type__app_label=app_label, codename=codename)
        group.permissions.add(permission)
    return group


def ensure_user(username, password, *, groups=(), superuser=False, **fields):
    """A demo account; its password is set only when the account is first created."""
    User = get_user_model()
    user = User.objects.filter(username=username).first()
    if user is None:
        user = User(username=username, is_superuser=superuser, is_staff=superuser, **fields)
        user.set_password(password)
        user.save()
    for group in groups:
        user.groups.add(group)
    return user
