/**
 * The MeMo element tree as data, transcribed from MeMo_core.xsd and its imports (1.1 and 1.2):
 * element order (each xs:sequence), cardinality, namespace and simple type of every element.
 * Validation, model building and serialization are all driven from it.
 */
import type * as M from './model.ts';
import type { MemoVersion } from './model.ts';

export const NAMESPACES = {
  memo: 'https://DigitalPost.dk/MeMo-1',
  grd: 'https://data.gov.dk/model/core/',
  gln: 'https://www.gs1.dk/gs1-standarder/identifikation/gln-global-location-number/',
  sor: 'https://services.nsi.dk/en/Services/SOR',
  kle: 'http://kle-online.dk/',
  form: 'http://www.form-online.dk/',
  dmv: 'https://motorregister.skat.dk/',
  udd: 'https://www.dst.dk/da/TilSalg/Forskningsservice/Dokumentation/hoejkvalitetsvariable/elevregister-2/udd#',
} as const;

export type Ns = keyof typeof NAMESPACES;

/**
 * Simple types. Most are the dataTypes of MeMo_dataTypes.xsd; `filename` and `url` are
 * memoTextType and memoUriType with Kuvert's policy on top.
 */
export type SimpleType =
  | 'text' // dt:memoTextType
  | 'comment' // dt:memoCommentType
  | 'notification' // dt:memoNotificationType
  | 'licenseNumber' // dt:memoLicenseNumberType
  | 'filename' // dt:memoTextType (File/filename)
  | 'uuid' // dt:memoUuidType
  | 'messageType' // dt:memoMessageType
  | 'language' // dt:memoLanguageType
  | 'url' // dt:memoUriType
  | 'dateTime' // dt:memoDateTimeType
  | 'date' // xs:date
  | 'boolean' // xs:boolean
  | 'base64' // xs:base64Binary
  | 'pNumber' // dt:memoPNumberType
  | 'gln'; // dt:memoGLNType

export interface ComplexType {
  readonly name: string;
  readonly ns: Ns;
  readonly children: readonly Particle[];
}

/** One element in a content model (an xs:element inside the xs:sequence of its parent). */
interface Occurs {
  readonly type: SimpleType | ComplexType;
  readonly min: number;
  readonly max: number;
  /** The element is required (minOccurs 1) in this version only. */
  readonly requiredIn?: MemoVersion;
  /** The element exists from this version on. */
  readonly since?: MemoVersion;
  /** Particles sharing a choice group are alternatives: at most one of them may occur. */
  readonly choice?: string;
  /** Value constraint: an element with no content at all stands for this lexical value. */
  readonly default?: string;
}

export interface Particle extends Occurs {
  /** Property in the model. */
  readonly prop: string;
  /** Element local name. */
  readonly name: string;
  readonly ns: Ns;
}

type Extra = Pick<Occurs, 'requiredIn' | 'since' | 'choice' | 'default'>;

const one = (type: SimpleType | ComplexType): Occurs => ({ type, min: 1, max: 1 });
const opt = (type: SimpleType | ComplexType, extra: Extra = {}): Occurs => ({ type, min: 0, max: 1, ...extra });
const many = (type: ComplexType, min: number, max: number): Occurs => ({ type, min, max });

/** Every property of the model type, in document order. */
type ContentModel<T> = { readonly [K in keyof T]-?: Occurs };

function complex<T>(ns: Ns, name: string, children: ContentModel<T>): ComplexType {
  const particles = (Object.entries(children) as [string, Occurs][]).map(([prop, occurs]): Particle => {
    const leaf = typeof occurs.type === 'string';
    return {
      prop,
      name: leaf ? prop : (occurs.type as ComplexType).name,
      ns: leaf ? ns : (occurs.type as ComplexType).ns,
      ...occurs,
    };
  });
  return { name, ns, children: particles };
}

export function isComplex(type: SimpleType | ComplexType): type is ComplexType {
  return typeof type !== 'string';
}

export function minOccurs(particle: Particle, version: MemoVersion): number {
  return particle.requiredIn === version ? 1 : particle.min;
}

export function existsIn(particle: Particle, version: MemoVersion): boolean {
  return particle.since === undefined || particle.since <= version;
}

// grd (MeMo_grd.xsd)
const AddressPoint = complex<M.MemoAddressPoint>('grd', 'AddressPoint', {
  geographicEastingMeasure: opt('text'),
  geographicNorthingMeasure: opt('text'),
  geographicHeightMeasure: opt('text'),
});
const Address = complex<M.MemoAddress>('grd', 'Address', {
  id: opt('text'),
  addressLabel: opt('text'),
  houseNumber: opt('text'),
  door: opt('text'),
  floor: opt('text'),
  co: opt('text'),
  zipCode: opt('text'),
  city: opt('text'),
  country: opt('text'),
  addressPoint: opt(AddressPoint),
});
const UnstructuredAddress = complex<M.MemoUnstructuredAddress>('grd', 'UnstructuredAddress', { unstructured: one('text') });
const CPRdata = complex<M.MemoCPRdata>('grd', 'CPRdata', { cprNumber: one('text'), name: opt('text') });
const CVRdata = complex<M.MemoCVRdata>('grd', 'CVRdata', { cvrNumber: one('text'), companyName: opt('text') });
const EID = complex<M.MemoEID>('grd', 'EID', { eID: one('text'), label: opt('text') });
const ProductionUnit = complex<M.MemoProductionUnit>('grd', 'ProductionUnit', {
  productionUnitNumber: one('pNumber'),
  productionUnitName: opt('text'),
});
const SEnumber = complex<M.MemoSEnumber>('grd', 'SEnumber', { seNumber: one('text'), companyName: opt('text') });
const PropertyNumber = complex<M.MemoPropertyNumber>('grd', 'PropertyNumber', { propertyNumber: one('text') });

// gln, sor, kle, form, dmv, udd
const GlobalLocationNumber = complex<M.MemoGlobalLocationNumber>('gln', 'GlobalLocationNumber', {
  globalLocationNumber: one('gln'),
  location: opt('text'),
});
const SORdata = complex<M.MemoSORdata>('sor', 'SORdata', { sorIdentifier: one('text'), entryName: opt('text') });
const KLEdata = complex<M.MemoKLEdata>('kle', 'KLEdata', {
  subjectKey: one('text'),
  version: one('text'),
  activityFacet: opt('text'),
  label: one('text'),
});
const FORMdata = complex<M.MemoFORMdata>('form', 'FORMdata', {
  taskKey: one('text'),
  version: one('text'),
  activityFacet: opt('text'),
  label: one('text'),
});
const MotorVehicle = complex<M.MemoMotorVehicle>('dmv', 'MotorVehicle', {
  licenseNumber: one('licenseNumber'),
  chassisNumber: opt('text'),
});
const Education = complex<M.MemoEducation>('udd', 'Education', { educationCode: one('text'), educationName: opt('text') });

// memo (MeMo_core.xsd)
const File = complex<M.MemoFile>('memo', 'File', {
  encodingFormat: one('text'),
  filename: one('filename'),
  language: one('language'),
  content: one('base64'),
});
const EMail = complex<M.MemoEMail>('memo', 'EMail', { emailAddress: one('text'), relatedAgent: opt('text') });
const Telephone = complex<M.MemoTelephone>('memo', 'Telephone', { telephoneNumber: one('text'), relatedAgent: opt('text') });
const Reservation = complex<M.MemoReservation>('memo', 'Reservation', {
  description: one('text'),
  reservationUUID: one('uuid'),
  abstract: one('text'),
  location: one('text'),
  startDateTime: one('dateTime'),
  endDateTime: one('dateTime'),
  organizerMail: opt('text'),
  organizerName: opt('text'),
});
const EntryPoint = complex<M.MemoEntryPoint>('memo', 'EntryPoint', { url: one('url') });
const Action = complex<M.MemoAction>('memo', 'Action', {
  label: one('text'),
  actionCode: one('text'),
  startDateTime: opt('dateTime'),
  endDateTime: opt('dateTime'),
  reservation: opt(Reservation, { choice: 'target' }),
  entryPoint: opt(EntryPoint, { choice: 'target' }),
});
const CaseID = complex<M.MemoCaseID>('memo', 'CaseID', { caseID: one('text'), caseSystem: one('text') });
const ContactInfo = complex<M.MemoContactInfo>('memo', 'ContactInfo', { label: one('text'), value: one('text') });
const ContactPoint = complex<M.MemoContactPoint>('memo', 'ContactPoint', {
  contactGroup: opt('text'),
  contactPointID: one('text'),
  label: opt('text'),
  contactInfo: many(ContactInfo, 0, 2),
});
const AttentionPerson = complex<M.MemoAttentionPerson>('memo', 'AttentionPerson', { personID: opt('text'), label: opt('text') });
const ContentResponsible = complex<M.MemoContentResponsible>('memo', 'ContentResponsible', {
  contentResponsibleID: opt('text'),
  label: opt('text'),
});
const GeneratingSystem = complex<M.MemoGeneratingSystem>('memo', 'GeneratingSystem', {
  generatingSystemID: one('text'),
  label: opt('text'),
});
const AttentionData = complex<M.MemoAttentionData>('memo', 'AttentionData', {
  attentionPerson: opt(AttentionPerson),
  productionUnit: opt(ProductionUnit),
  globalLocationNumber: opt(GlobalLocationNumber),
  eMail: opt(EMail),
  seNumber: opt(SEnumber),
  telephone: opt(Telephone),
  eID: opt(EID),
  contentResponsible: opt(ContentResponsible),
  generatingSystem: opt(GeneratingSystem),
  sorData: opt(SORdata),
  address: opt(Address),
  unstructuredAddress: opt(UnstructuredAddress),
});
const Representative = complex<M.MemoRepresentative>('memo', 'Representative', {
  representativeID: opt('text'),
  idType: opt('text'),
  idTypeLabel: opt('text'),
  label: opt('text'),
});
const Sender = complex<M.MemoSender>('memo', 'Sender', {
  senderID: one('text'),
  idType: one('text'),
  idTypeLabel: opt('text'),
  label: one('text'),
  attentionData: opt(AttentionData),
  contactPoint: opt(ContactPoint),
  representative: opt(Representative, { since: '1.2' }),
});
const Recipient = complex<M.MemoRecipient>('memo', 'Recipient', {
  recipientID: one('text'),
  idType: one('text'),
  idTypeLabel: opt('text'),
  label: opt('text'),
  attentionData: opt(AttentionData),
  contactPoint: opt(ContactPoint),
});
const AdditionalContentData = complex<M.MemoAdditionalContentData>('memo', 'AdditionalContentData', {
  contentDataType: opt('text'),
  contentDataName: one('text'),
  contentDataValue: one('text'),
});
const ContentData = complex<M.MemoContentData>('memo', 'ContentData', {
  cprData: opt(CPRdata),
  cvrData: opt(CVRdata),
  motorVehicle: opt(MotorVehicle),
  propertyNumber: opt(PropertyNumber),
  caseID: opt(CaseID),
  kleData: opt(KLEdata),
  formData: opt(FORMdata),
  productionUnit: opt(ProductionUnit),
  education: opt(Education),
  address: opt(Address),
  unstructuredAddress: opt(UnstructuredAddress),
  additionalContentData: many(AdditionalContentData, 0, 10),
});
const ForwardData = complex<M.MemoForwardData>('memo', 'ForwardData', {
  messageUUID: one('uuid'),
  originalMessageDateTime: one('dateTime'),
  originalSender: one('text'),
  originalContentResponsible: opt('text'),
  originalRepresentative: opt('text', { since: '1.2' }),
  contactPointID: opt('text'),
  comment: opt('comment'),
});
const AdditionalReplyData = complex<M.MemoAdditionalReplyData>('memo', 'AdditionalReplyData', {
  label: one('text'),
  value: one('text'),
});
const ReplyData = complex<M.MemoReplyData>('memo', 'ReplyData', {
  messageID: opt('text'),
  messageUUID: one('uuid'),
  replyUUID: opt('uuid'),
  senderID: opt('text'),
  recipientID: opt('text'),
  caseID: opt('text'),
  contactPointID: opt('text'),
  generatingSystemID: opt('text'),
  comment: opt('comment'),
  additionalReplyData: many(AdditionalReplyData, 0, 4),
});
const MessageHeader = complex<M.MemoHeader>('memo', 'MessageHeader', {
  messageType: one('messageType'),
  messageUUID: one('uuid'),
  messageID: opt('text'),
  messageCode: opt('text'),
  label: one('text'),
  notification: opt('notification'),
  additionalNotification: opt('text'),
  reply: opt('boolean', { default: 'false' }),
  replyByDateTime: opt('dateTime'),
  doNotDeliverUntilDate: opt('date'),
  mandatory: opt('boolean', { requiredIn: '1.1', default: 'false' }),
  legalNotification: opt('boolean', { requiredIn: '1.1', default: 'false' }),
  postType: opt('text'),
  sender: one(Sender),
  recipient: one(Recipient),
  contentData: opt(ContentData),
  forwardData: opt(ForwardData),
  replyData: many(ReplyData, 0, Infinity),
});
const MainDocument = complex<M.MemoMainDocument>('memo', 'MainDocument', {
  mainDocumentID: opt('text'),
  label: opt('text'),
  file: many(File, 1, Infinity),
  action: many(Action, 0, Infinity),
});
const AdditionalDocument = complex<M.MemoAdditionalDocument>('memo', 'AdditionalDocument', {
  additionalDocumentID: opt('text'),
  label: opt('text'),
  file: many(File, 1, Infinity),
  action: many(Action, 0, Infinity),
});
const TechnicalDocument = complex<M.MemoTechnicalDocument>('memo', 'TechnicalDocument', {
  technicalDocumentID: opt('text'),
  label: opt('text'),
  file: many(File, 1, Infinity),
});
const MessageBody = complex<M.MemoBody>('memo', 'MessageBody', {
  createdDateTime: one('dateTime'),
  mainDocument: one(MainDocument),
  additionalDocument: many(AdditionalDocument, 0, Infinity),
  technicalDocument: many(TechnicalDocument, 0, Infinity),
});

/** The root element. Its attributes (memoVersion, and memoSchVersion in 1.1) are in {@link ROOT_ATTRIBUTES}. */
export const MESSAGE = complex<Pick<M.MemoMessage, 'header' | 'body'>>('memo', 'Message', {
  header: one(MessageHeader),
  body: opt(MessageBody),
});

export const ROOT_ATTRIBUTES = {
  memoVersion: 'memoVersion',
  /** Required in 1.1 (dt:memoTextType), not declared in 1.2. */
  memoSchVersion: 'memoSchVersion',
} as const;

export const SUPPORTED_VERSIONS: readonly MemoVersion[] = ['1.1', '1.2'];
