from rest_framework import serializers


class ContactSerializer(serializers.Serializer):
    """A contact snippet as the read API shows it."""

    name = serializers.CharField()
    organisation = serializers.CharField()
    email = serializers.EmailField()
    phone = serializers.CharField()
    hours = serializers.CharField()
    address = serializers.CharField()
