"""The demo's signing keys: a certificate for each agency head and council chair with a login, issued by the demo
CA, and that CA trusted by each of their agencies. Never under production settings."""

from __future__ import annotations

from pathlib import Path

from people.models import CouncilMembership, Role, RoleAssignment
from people.tenancy import agency_scope, agency_unscoped

from .pki import DEMO_CA_NAME, DemoSigner, demo_ca_ensure, demo_signer_ensure
from .services import trusted_certificate_add


def demo_signers() -> dict[str, tuple[DemoSigner, int]]:
    """Username → (signer, agency id) of every active agency head and council chair who can log in."""
    with agency_unscoped():
        heads = [
            ra.staff
            for ra in RoleAssignment.objects.filter(
                role=Role.BOARD_HEAD, is_active=True, staff__user__isnull=False
            ).select_related("staff__user", "staff__agency")
        ]
        chairs = [
            seat.staff
            for seat in CouncilMembership.objects.filter(
                position=CouncilMembership.Position.CHAIR, staff__user__isnull=False
            ).select_related("staff__user", "staff__agency")
        ]
    found = {}
    for staff in heads + chairs:
        username = staff.user.get_username()
        organisation = staff.agency.short_name or staff.agency.name
        found[username] = (DemoSigner(username, staff.full_name, staff.position, organisation), staff.agency_id)
    return found


def demo_pki_load(directory: Path | None = None) -> dict[str, int]:
    """Make (or keep) the demo CA and the signers' PKCS#12 files; trust the CA in each of their agencies. Safe to
    run twice: existing files and trusted roots are kept."""
    ca_cert, _key = demo_ca_ensure(directory)
    signers = demo_signers()
    agencies = set()
    for signer, agency_id in signers.values():
        demo_signer_ensure(signer, directory)
        agencies.add(agency_id)
    for agency_id in sorted(agencies):
        with agency_scope(agency_id):
            trusted_certificate_add(name=DEMO_CA_NAME, cert=ca_cert)
    return {"signers": len(signers), "agencies": len(agencies)}
