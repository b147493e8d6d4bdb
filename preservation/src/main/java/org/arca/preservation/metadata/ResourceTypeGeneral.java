package org.arca.preservation.metadata;

/** DataCite 4.6 {@code resourceTypeGeneral}. */
public enum ResourceTypeGeneral {
  AUDIOVISUAL("Audiovisual"),
  AWARD("Award"),
  BOOK("Book"),
  BOOK_CHAPTER("BookChapter"),
  COLLECTION("Collection"),
  COMPUTATIONAL_NOTEBOOK("ComputationalNotebook"),
  CONFERENCE_PAPER("ConferencePaper"),
  CONFERENCE_PROCEEDING("ConferenceProceeding"),
  DATA_PAPER("DataPaper"),
  DATASET("Dataset"),
  DISSERTATION("Dissertation"),
  EVENT("Event"),
  IMAGE("Image"),
  INSTRUMENT("Instrument"),
  INTERACTIVE_RESOURCE("InteractiveResource"),
  JOURNAL("Journal"),
  JOURNAL_ARTICLE("JournalArticle"),
  MODEL("Model"),
  OUTPUT_MANAGEMENT_PLAN("OutputManagementPlan"),
  PEER_REVIEW("PeerReview"),
  PHYSICAL_OBJECT("PhysicalObject"),
  PREPRINT("Preprint"),
  PROJECT("Project"),
  REPORT("Report"),
  SERVICE("Service"),
  SOFTWARE("Software"),
  SOUND("Sound"),
  STANDARD("Standard"),
  STUDY_REGISTRATION("StudyRegistration"),
  TEXT("Text"),
  WORKFLOW("Workflow"),
  OTHER("Other");

  private final String value;

  ResourceTypeGeneral(String value) {
    this.value = value;
  }

  /** The value as DataCite XML and JSON spell it. */
  public String value() {
    return value;
  }

  /** The constant DataCite spells {@code value} (case-insensitively, as DataCite's own API accepts). */
  public static ResourceTypeGeneral of(String value) {
    for (ResourceTypeGeneral candidate : values()) {
      if (candidate.value.equalsIgnoreCase(value)) {
        return candidate;
      }
    }
    throw new IllegalArgumentException("unknown DataCite ResourceTypeGeneral '" + value + "'");
  }
}
