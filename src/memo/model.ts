/**
 * Typed model of a MeMo message (versions 1.1 and 1.2).
 *
 * Property names are the element local names with the first letter in lower case
 * (`Sender` → `sender`, `EMail` → `eMail`, `EID` → `eID`); element names that start with an
 * acronym glued to a word read as camelCase (`CPRdata` → `cprData`, `SEnumber` → `seNumber`).
 * `MessageHeader` and `MessageBody` are `header` and `body`.
 * Elements that may repeat are arrays named like the element (`file`, `action`, `replyData`).
 * Text is kept as written (xs:string preserves whitespace); dates, date-times, languages and
 * URLs are whitespace-collapsed; `File.content` is the base64 text with surrounding whitespace
 * trimmed. The schema's defaults (`reply`, `mandatory`, `legalNotification` = false) apply to an
 * empty element, as XSD prescribes; an absent element stays absent.
 */

export type MemoVersion = '1.1' | '1.2';

export type MemoMessageType = 'DIGITALPOST' | 'NEMSMS';

export interface MemoMessage {
  version: MemoVersion;
  /** Required by MeMo 1.1 (attribute `memoSchVersion`); not allowed in 1.2. */
  memoSchVersion?: string;
  header: MemoHeader;
  body?: MemoBody;
}

export interface MemoHeader {
  messageType: MemoMessageType;
  /** Version-4 UUID, as written (upper or lower case). */
  messageUUID: string;
  messageID?: string;
  messageCode?: string;
  label: string;
  /** At most 150 characters in MeMo 1.1, 160 in 1.2. */
  notification?: string;
  additionalNotification?: string;
  reply?: boolean;
  /** xs:dateTime in UTC, ending in `Z`. */
  replyByDateTime?: string;
  /** xs:date, normally `YYYY-MM-DD`. */
  doNotDeliverUntilDate?: string;
  /** Required in MeMo 1.1. */
  mandatory?: boolean;
  /** Required in MeMo 1.1. */
  legalNotification?: boolean;
  postType?: string;
  sender: MemoSender;
  recipient: MemoRecipient;
  contentData?: MemoContentData;
  forwardData?: MemoForwardData;
  replyData?: MemoReplyData[];
}

export interface MemoSender {
  senderID: string;
  idType: string;
  idTypeLabel?: string;
  label: string;
  attentionData?: MemoAttentionData;
  contactPoint?: MemoContactPoint;
  /** MeMo 1.2 only. */
  representative?: MemoRepresentative;
}

export interface MemoRecipient {
  recipientID: string;
  idType: string;
  idTypeLabel?: string;
  label?: string;
  attentionData?: MemoAttentionData;
  contactPoint?: MemoContactPoint;
}

export interface MemoRepresentative {
  representativeID?: string;
  idType?: string;
  idTypeLabel?: string;
  label?: string;
}

export interface MemoAttentionData {
  attentionPerson?: MemoAttentionPerson;
  productionUnit?: MemoProductionUnit;
  globalLocationNumber?: MemoGlobalLocationNumber;
  eMail?: MemoEMail;
  seNumber?: MemoSEnumber;
  telephone?: MemoTelephone;
  eID?: MemoEID;
  contentResponsible?: MemoContentResponsible;
  generatingSystem?: MemoGeneratingSystem;
  sorData?: MemoSORdata;
  address?: MemoAddress;
  unstructuredAddress?: MemoUnstructuredAddress;
}

export interface MemoAttentionPerson {
  personID?: string;
  label?: string;
}

/** grd:ProductionUnit */
export interface MemoProductionUnit {
  /** P-number, xs:long ≤ 9999999999. */
  productionUnitNumber: number;
  productionUnitName?: string;
}

/** gln:GlobalLocationNumber */
export interface MemoGlobalLocationNumber {
  /** xs:long ≤ 9999999999999. */
  globalLocationNumber: number;
  location?: string;
}

export interface MemoEMail {
  emailAddress: string;
  relatedAgent?: string;
}

/** grd:SEnumber */
export interface MemoSEnumber {
  seNumber: string;
  companyName?: string;
}

export interface MemoTelephone {
  telephoneNumber: string;
  relatedAgent?: string;
}

/** grd:EID */
export interface MemoEID {
  eID: string;
  label?: string;
}

export interface MemoContentResponsible {
  contentResponsibleID?: string;
  label?: string;
}

export interface MemoGeneratingSystem {
  generatingSystemID: string;
  label?: string;
}

/** sor:SORdata */
export interface MemoSORdata {
  sorIdentifier: string;
  entryName?: string;
}

/** grd:Address */
export interface MemoAddress {
  id?: string;
  addressLabel?: string;
  houseNumber?: string;
  door?: string;
  floor?: string;
  co?: string;
  zipCode?: string;
  city?: string;
  country?: string;
  addressPoint?: MemoAddressPoint;
}

/** grd:AddressPoint */
export interface MemoAddressPoint {
  geographicEastingMeasure?: string;
  geographicNorthingMeasure?: string;
  geographicHeightMeasure?: string;
}

/** grd:UnstructuredAddress */
export interface MemoUnstructuredAddress {
  unstructured: string;
}

export interface MemoContactPoint {
  contactGroup?: string;
  contactPointID: string;
  label?: string;
  /** At most 2. */
  contactInfo?: MemoContactInfo[];
}

export interface MemoContactInfo {
  label: string;
  value: string;
}

export interface MemoContentData {
  cprData?: MemoCPRdata;
  cvrData?: MemoCVRdata;
  motorVehicle?: MemoMotorVehicle;
  propertyNumber?: MemoPropertyNumber;
  caseID?: MemoCaseID;
  kleData?: MemoKLEdata;
  formData?: MemoFORMdata;
  productionUnit?: MemoProductionUnit;
  education?: MemoEducation;
  address?: MemoAddress;
  unstructuredAddress?: MemoUnstructuredAddress;
  /** At most 10. */
  additionalContentData?: MemoAdditionalContentData[];
}

/** grd:CPRdata */
export interface MemoCPRdata {
  cprNumber: string;
  name?: string;
}

/** grd:CVRdata */
export interface MemoCVRdata {
  cvrNumber: string;
  companyName?: string;
}

/** dmv:MotorVehicle */
export interface MemoMotorVehicle {
  /** At most 7 characters. */
  licenseNumber: string;
  chassisNumber?: string;
}

/** grd:PropertyNumber */
export interface MemoPropertyNumber {
  propertyNumber: string;
}

export interface MemoCaseID {
  caseID: string;
  caseSystem: string;
}

/** kle:KLEdata */
export interface MemoKLEdata {
  subjectKey: string;
  version: string;
  activityFacet?: string;
  label: string;
}

/** form:FORMdata */
export interface MemoFORMdata {
  taskKey: string;
  version: string;
  activityFacet?: string;
  label: string;
}

/** udd:Education */
export interface MemoEducation {
  educationCode: string;
  educationName?: string;
}

export interface MemoAdditionalContentData {
  contentDataType?: string;
  contentDataName: string;
  contentDataValue: string;
}

export interface MemoForwardData {
  messageUUID: string;
  originalMessageDateTime: string;
  originalSender: string;
  originalContentResponsible?: string;
  /** MeMo 1.2 only. */
  originalRepresentative?: string;
  contactPointID?: string;
  /** At most 512 characters. */
  comment?: string;
}

export interface MemoReplyData {
  messageID?: string;
  messageUUID: string;
  replyUUID?: string;
  senderID?: string;
  recipientID?: string;
  caseID?: string;
  contactPointID?: string;
  generatingSystemID?: string;
  /** At most 512 characters. */
  comment?: string;
  /** At most 4. */
  additionalReplyData?: MemoAdditionalReplyData[];
}

export interface MemoAdditionalReplyData {
  label: string;
  value: string;
}

export interface MemoBody {
  createdDateTime: string;
  mainDocument: MemoMainDocument;
  additionalDocument?: MemoAdditionalDocument[];
  technicalDocument?: MemoTechnicalDocument[];
}

export interface MemoMainDocument {
  mainDocumentID?: string;
  label?: string;
  /** At least one. */
  file: MemoFile[];
  action?: MemoAction[];
}

export interface MemoAdditionalDocument {
  additionalDocumentID?: string;
  label?: string;
  /** At least one. */
  file: MemoFile[];
  action?: MemoAction[];
}

export interface MemoTechnicalDocument {
  technicalDocumentID?: string;
  label?: string;
  /** At least one. */
  file: MemoFile[];
}

export interface MemoFile {
  encodingFormat: string;
  filename: string;
  /** xs:language of at most two letters, e.g. `da`. */
  language: string;
  /** base64Binary text. */
  content: string;
}

interface MemoActionCommon {
  label: string;
  actionCode: string;
  startDateTime?: string;
  endDateTime?: string;
}

/** An Action carries a Reservation, an EntryPoint or neither — never both. */
export type MemoActionTarget =
  | { reservation: MemoReservation; entryPoint?: never }
  | { entryPoint: MemoEntryPoint; reservation?: never }
  | { reservation?: never; entryPoint?: never };

export type MemoAction = MemoActionCommon & MemoActionTarget;

export interface MemoReservation {
  description: string;
  reservationUUID: string;
  abstract: string;
  location: string;
  startDateTime: string;
  endDateTime: string;
  organizerMail?: string;
  organizerName?: string;
}

export interface MemoEntryPoint {
  /** xs:anyURI of at most 256 characters; Kuvert's policy requires an absolute https URL. */
  url: string;
}
