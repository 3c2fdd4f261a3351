"""Generated validators, one module per event version; do not edit.

Load one with ``importlib.import_module(f"{__name__}.{VALIDATORS[(event, v)]}")``.
"""

MANIFEST_HASH = 'sha256:c829c1940077ccdb37d219a25185664d5e1471e63f141c9ad2b718a0dbfea05d'

VALIDATORS = {
    ('booking.booking_confirmed', 1): 'booking__booking_confirmed__v1',
    ('booking.leg_created', 1): 'booking__leg_created__v1',
    ('booking.leg_created', 2): 'booking__leg_created__v2',
    ('documents.document_uploaded', 1): 'documents__document_uploaded__v1',
    ('documents.identity_verified', 1): 'documents__identity_verified__v1',
    ('funnel.checkout_completed', 1): 'funnel__checkout_completed__v1',
    ('funnel.checkout_started', 1): 'funnel__checkout_started__v1',
    ('funnel.listing_viewed', 1): 'funnel__listing_viewed__v1',
    ('funnel.search_performed', 1): 'funnel__search_performed__v1',
    ('identity.privacy_reset', 1): 'identity__privacy_reset__v1',
    ('identity.user_logged_in', 1): 'identity__user_logged_in__v1',
    ('identity.user_signed_up', 1): 'identity__user_signed_up__v1',
    ('messaging.email_bounced', 1): 'messaging__email_bounced__v1',
    ('messaging.message_sent', 1): 'messaging__message_sent__v1',
    ('payments.payment_succeeded', 1): 'payments__payment_succeeded__v1',
    ('payments.payout_paid', 1): 'payments__payout_paid__v1',
    ('payments.refund_issued', 1): 'payments__refund_issued__v1',
    ('privacy.dsar_tombstone_created', 1): 'privacy__dsar_tombstone_created__v1',
}
