// The names of the contact requirements, apart from the contacts contract: the tasks contract (a contact_due task's
// requirement) is in the web app's first bundle (notifications), the contacts one is not.

/**
 * What a contact requirement counts: any face-to-face contact, a field contact, or one kind of contact (an office
 * visit, a home visit, a collateral contact, an employment verification visit: the CSOSA pre-assessment standard).
 */
export const contactRequirementKinds = ["face_to_face", "field", "office", "home_visit", "collateral", "employment_verification"] as const;

/** What a case's standing is kept for: its contact requirements, and its home verification or, without a fixed address, whereabouts checks. */
export const standardKinds = [...contactRequirementKinds, "home_verification", "whereabouts"] as const;
