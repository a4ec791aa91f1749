import type { MonitoringExplanation } from '../../contract/index.ts';
import type { SendRefusalCode } from '../../delivery/index.ts';

/**
 * Plain words for the sender's error view (docs/monitoring.md): why a send was refused, and what to
 * change, in Danish and English — for every code a refused send can have (`SEND_REFUSAL_CODES`; the
 * type makes the table complete, test/admin/monitoring.test.ts checks it against the code), for
 * letters whose recipient became exempt or closed, and for the first problem of a document that is
 * not MeMo. Written for the people who run a sender system; they name no recipient.
 */

const x = (reasonDa: string, changeDa: string, reasonEn: string, changeEn: string): MonitoringExplanation => ({
  reason: { da: reasonDa, en: reasonEn },
  change: { da: changeDa, en: changeEn },
});

export const REFUSAL_EXPLANATIONS: Record<SendRefusalCode, MonitoringExplanation> = {
  MEMO_INVALID: x(
    'Dokumentet er ikke gyldig MeMo.',
    'Ret dokumentet efter MeMo-skemaet. Kvitteringens "details" nævner hvert problem med stien til elementet; det første står herunder.',
    'The document is not valid MeMo.',
    'Correct the document to the MeMo schema. The receipt\'s "details" name every problem with the path to its element; the first one is shown here.',
  ),
  MESSAGE_UUID_MISMATCH: x(
    'Parameteren memo-message-uuid er en anden end MessageHeader/messageUUID i dokumentet.',
    'Send samme UUID i parameteren som i dokumentet, eller udelad parameteren.',
    'The memo-message-uuid parameter differs from MessageHeader/messageUUID in the document.',
    'Send the same UUID in the parameter as in the document, or leave the parameter out.',
  ),
  MESSAGE_UUID_CONFLICT: x(
    'Et andet brev er allerede modtaget fra jer med samme messageUUID.',
    'Giv hvert nyt brev sin egen nye UUID. Send kun samme UUID igen, når det er præcis samme dokument, der sendes igen.',
    'A different letter with the same messageUUID was already received from you.',
    'Give every new letter a new UUID of its own. Reuse a UUID only to send exactly the same document again.',
  ),
  SYSTEM_NOT_SENDER: x(
    'Systemet er et modtagersystem og må ikke sende breve.',
    'Send med et afsendersystem. En superadministrator opretter det under Administration → Systemer.',
    'The system is a recipient system and may not send letters.',
    'Send with a sender system. A super-administrator creates one under Administration → Systems.',
  ),
  SENDER_NOT_ALLOWED: x(
    'Afsenderen i brevet er ikke jeres organisation, eller organisationen har ingen postkasse.',
    'Skriv organisationens eget CVR-nummer i MessageHeader/Sender/senderID med idType CVR. Har organisationen ingen postkasse, så kontakt driften.',
    'The letter\'s sender is not your organisation, or the organisation has no mailbox.',
    'Write the organisation\'s own CVR number in MessageHeader/Sender/senderID with idType CVR. If the organisation has no mailbox, contact the operators.',
  ),
  RECIPIENT_ID_INVALID: x(
    'Modtagerens CPR- eller CVR-nummer er ikke skrevet rigtigt.',
    'Tjek nummeret i MessageHeader/Recipient/recipientID: et CPR-nummer er 10 cifre, et CVR-nummer 8 cifre, uden bindestreg og mellemrum.',
    'The recipient\'s CPR or CVR number is not well-formed.',
    'Check the number in MessageHeader/Recipient/recipientID: a CPR number is 10 digits, a CVR number 8, without a dash or spaces.',
  ),
  RECIPIENT_ID_TYPE_UNSUPPORTED: x(
    'Modtagerens idType er hverken CPR eller CVR.',
    'Skriv CPR eller CVR i MessageHeader/Recipient/idType.',
    'The recipient\'s idType is neither CPR nor CVR.',
    'Write CPR or CVR in MessageHeader/Recipient/idType.',
  ),
  RECIPIENT_UNKNOWN: x(
    'Der findes ingen Digital Post-postkasse for modtagerens nummer.',
    'Tjek CPR- eller CVR-nummeret. Slå modtageren op før afsendelse (POST /apis/v1/contacts/search); har modtageren ingen postkasse, så send brevet med fysisk post.',
    'No Digital Post mailbox exists for the recipient\'s number.',
    'Check the CPR or CVR number. Look the recipient up before sending (POST /apis/v1/contacts/search); if they have no mailbox, send the letter by physical post.',
  ),
  RECIPIENT_EXEMPT: x(
    'Modtageren er fritaget for Digital Post og får fysisk post.',
    'Send brevet med fysisk post (fjernprint).',
    'The recipient is exempt from Digital Post and gets physical post.',
    'Send the letter by physical post (remote print).',
  ),
  RECIPIENT_CLOSED: x(
    'Modtagerens postkasse er lukket (fx død, udrejst eller ophørt virksomhed).',
    'Find den rette modtager (fx dødsboet eller den nye virksomhed), eller send med fysisk post.',
    'The recipient\'s mailbox is closed (e.g. deceased, emigrated, or a company that ceased).',
    'Find the right recipient (e.g. the estate or the new company), or send by physical post.',
  ),
  P_NUMBER_NOT_OF_RECIPIENT: x(
    'P-nummeret i brevet er ikke en produktionsenhed hos modtageren (eller ikke 10 cifre).',
    'Tjek P-nummeret i AttentionData/ProductionUnit, eller udelad det, så brevet går til virksomheden som helhed.',
    'The P-number in the letter is not a production unit of the recipient (or not 10 digits).',
    'Check the P-number in AttentionData/ProductionUnit, or leave it out so the letter goes to the company as a whole.',
  ),
  RECIPIENT_IS_SENDER: x(
    'Modtageren er jeres egen organisation.',
    'Tjek modtagerens nummer i MessageHeader/Recipient/recipientID.',
    'The recipient is your own organisation.',
    'Check the recipient\'s number in MessageHeader/Recipient/recipientID.',
  ),
  REPLY_NOT_ALLOWED: x(
    'Brevet svarer (ReplyData) på et brev, hvis afsender ikke tager imod svar.',
    'Fjern ReplyData, eller skriv i stedet til afsenderens kontaktpunkt.',
    'The letter answers (ReplyData) a letter whose sender takes no replies.',
    'Remove ReplyData, or write to the sender\'s contact point instead.',
  ),
  REPLY_DEADLINE_PASSED: x(
    'Fristen for at svare på det brev, der svares på, er overskredet.',
    'Skriv et nyt brev uden ReplyData til afsenderens kontaktpunkt.',
    'The deadline for replying to the letter answered has passed.',
    'Write a new letter without ReplyData to the sender\'s contact point.',
  ),
  SENDER_KIND_NOT_ALLOWED: x(
    'Jeres organisation må ikke skrive til denne modtager: kun myndigheder sender breve til borgere og virksomheder; andre skriver til en myndigheds kontaktpunkt eller svarer på et brev.',
    'Adressér en myndigheds kontaktpunkt (Recipient/ContactPoint), eller svar på et modtaget brev (ReplyData).',
    'Your organisation may not write to this recipient: only authorities send letters to citizens and companies; others write to an authority\'s contact point or reply to a letter.',
    'Address an authority\'s contact point (Recipient/ContactPoint), or answer a letter you received (ReplyData).',
  ),
  CONTACT_POINT_UNKNOWN: x(
    'Recipient/ContactPoint nævner intet åbent kontaktpunkt hos modtageren.',
    'Slå modtagerens kontaktpunkter op (GET /apis/v1/contact-points) og brug et åbent kontaktpunkts id.',
    'Recipient/ContactPoint names no open contact point of the recipient.',
    'Look up the recipient\'s contact points (GET /apis/v1/contact-points) and use the id of an open one.',
  ),
  CONTACT_POINT_WRITER_NOT_ALLOWED: x(
    'Kontaktpunktet tager ikke imod nye breve fra jeres slags afsender.',
    'Vælg et andet af modtagerens kontaktpunkter, eller svar på et brev fra modtageren.',
    'The contact point takes no new letters from your kind of sender.',
    'Choose another of the recipient\'s contact points, or reply to a letter from the recipient.',
  ),
  MESSAGE_TOO_LARGE: x(
    'Brevet er større, end kontaktpunktet tager imod.',
    'Gør brevet mindre (færre eller mindre bilag), eller del det i flere breve.',
    'The letter is larger than the contact point takes.',
    'Make the letter smaller (fewer or smaller attachments), or split it into several letters.',
  ),
  TOO_MANY_ATTACHMENTS: x(
    'Brevet har flere bilag, end kontaktpunktet tager imod.',
    'Send færre bilag pr. brev, eller del dem på flere breve.',
    'The letter has more attachments than the contact point takes.',
    'Send fewer attachments per letter, or spread them over several letters.',
  ),
  ATTACHMENT_TYPE_NOT_ALLOWED: x(
    'Et bilag har en filtype, som kontaktpunktet ikke tager imod.',
    'Send bilaget i en af de filtyper, kontaktpunktet tager imod (fx PDF).',
    'An attachment has a file type the contact point does not take.',
    'Send the attachment in one of the file types the contact point takes (e.g. PDF).',
  ),
  MATERIAL_UNKNOWN: x(
    'MessageHeader/messageCode nævner intet aktivt materiale hos jeres organisation.',
    'Opret materialet med denne kode (eller genaktivér det) i organisationens administration af materialer, eller ret messageCode til koden på et aktivt materiale.',
    'MessageHeader/messageCode names no active material of your organisation.',
    'Create the material with this code (or reactivate it) in the organisation\'s administration of materials, or correct messageCode to the code of an active material.',
  ),
};

/** A letter that was delivered, but whose recipient is now exempt or closed. */
export const UNREACHABLE_EXPLANATIONS: Record<'exempt' | 'closed', MonitoringExplanation> = {
  exempt: x(
    'Modtageren er blevet fritaget for Digital Post efter, at brevet blev sendt, og læser måske aldrig brevet.',
    'Send brevet igen med fysisk post (fjernprint), hvis det skal nå frem.',
    'The recipient became exempt from Digital Post after the letter was sent, and may never read it.',
    'Send the letter again by physical post (remote print) if it must reach them.',
  ),
  closed: x(
    'Modtagerens postkasse er lukket efter, at brevet blev sendt (fx død, udrejst eller ophørt virksomhed).',
    'Find den rette modtager (fx dødsboet eller den nye virksomhed), eller send brevet med fysisk post.',
    'The recipient\'s mailbox was closed after the letter was sent (e.g. deceased, emigrated, or a company that ceased).',
    'Find the right recipient (e.g. the estate or the new company), or send the letter by physical post.',
  ),
};

const FIX_AT_PATH = { da: 'Ret elementet ved stien.', en: 'Correct the element at the path.' };
const issue = (da: string, en: string, change: { da: string; en: string } = FIX_AT_PATH): MonitoringExplanation => ({ reason: { da, en }, change });

/** The first problem of a document that is not MeMo (src/memo/issues.ts MEMO_ISSUE_CODES, and NOT_UTF8). */
export const ISSUE_EXPLANATIONS: Record<string, MonitoringExplanation> = {
  NOT_UTF8: issue('Dokumentet er ikke UTF-8.', 'The document is not UTF-8.', { da: 'Gem og send dokumentet som UTF-8.', en: 'Save and send the document as UTF-8.' }),
  NOT_WELL_FORMED: issue('Dokumentet er ikke velformet XML.', 'The document is not well-formed XML.', { da: 'Ret XML\'en, fx manglende sluttags eller tegn som & uden escaping.', en: 'Correct the XML, e.g. missing end tags or characters such as & left unescaped.' }),
  DOCTYPE_FORBIDDEN: issue('Dokumentet har en DOCTYPE, hvilket ikke er tilladt.', 'The document has a DOCTYPE, which is not allowed.', { da: 'Fjern DOCTYPE-erklæringen.', en: 'Remove the DOCTYPE declaration.' }),
  PROCESSING_INSTRUCTION_FORBIDDEN: issue('Dokumentet har en processing instruction, hvilket ikke er tilladt.', 'The document has a processing instruction, which is not allowed.', { da: 'Fjern processing instructions (<?…?>) ud over XML-erklæringen.', en: 'Remove processing instructions (<?…?>) other than the XML declaration.' }),
  UNSUPPORTED_ENCODING: issue('Dokumentet erklærer en anden tegnkodning end UTF-8.', 'The document declares an encoding other than UTF-8.', { da: 'Send dokumentet som UTF-8 og erklær encoding="UTF-8".', en: 'Send the document as UTF-8 and declare encoding="UTF-8".' }),
  TOO_DEEP: issue('Dokumentet er indlejret for dybt.', 'The document nests too deep.', { da: 'Send et MeMo-dokument med almindelig struktur.', en: 'Send a MeMo document of ordinary structure.' }),
  WRONG_ROOT: issue('Rodelementet er ikke Message.', 'The root element is not Message.', { da: 'Brug Message i MeMo-navnerummet som rodelement.', en: 'Use Message in the MeMo namespace as the root element.' }),
  WRONG_NAMESPACE: issue('Et element er i et forkert navnerum.', 'An element is in the wrong namespace.', { da: 'Brug MeMo-navnerummet https://DigitalPost.dk/MeMo-1 (og skemaets øvrige navnerum).', en: 'Use the MeMo namespace https://DigitalPost.dk/MeMo-1 (and the schema\'s other namespaces).' }),
  MISSING_ATTRIBUTE: issue('En påkrævet attribut mangler.', 'A required attribute is missing.'),
  UNEXPECTED_ATTRIBUTE: issue('En attribut er ikke tilladt her.', 'An attribute is not allowed here.'),
  UNSUPPORTED_VERSION: issue('memoVersion er hverken 1.1 eller 1.2.', 'memoVersion is neither 1.1 nor 1.2.', { da: 'Skriv memoVersion="1.2" (eller 1.1).', en: 'Write memoVersion="1.2" (or 1.1).' }),
  MISSING_ELEMENT: issue('Et påkrævet element mangler.', 'A required element is missing.', { da: 'Tilføj elementet ved stien.', en: 'Add the element at the path.' }),
  UNEXPECTED_ELEMENT: issue('Et element er ikke tilladt her.', 'An element is not allowed here.', { da: 'Fjern elementet eller flyt det, hvor skemaet tillader det.', en: 'Remove the element or move it to where the schema allows it.' }),
  OUT_OF_ORDER: issue('Elementerne står i forkert rækkefølge.', 'Elements are in the wrong order.', { da: 'Sæt elementerne i skemaets rækkefølge.', en: 'Put the elements in the schema\'s order.' }),
  TOO_MANY_ELEMENTS: issue('Et element står for mange gange.', 'An element occurs too many times.'),
  CHOICE_CONFLICT: issue('To elementer udelukker hinanden.', 'Two elements exclude each other.', { da: 'Brug kun ét af dem.', en: 'Use only one of them.' }),
  UNEXPECTED_TEXT: issue('Der står tekst, hvor skemaet kun tillader elementer.', 'There is text where the schema allows only elements.'),
  TOO_LONG: issue('En værdi er for lang.', 'A value is too long.', { da: 'Gør værdien ved stien kortere.', en: 'Shorten the value at the path.' }),
  PATTERN: issue('En værdi har ikke den form, skemaet kræver (fx UUID, CPR- eller CVR-nummer).', 'A value does not have the form the schema requires (e.g. a UUID, CPR or CVR number).'),
  ENUMERATION: issue('En værdi er ikke en af de tilladte.', 'A value is not one of those allowed.'),
  NOT_BOOLEAN: issue('En værdi skal være true eller false.', 'A value must be true or false.'),
  NOT_DATETIME: issue('En værdi er ikke et tidspunkt (ISO 8601).', 'A value is not a date and time (ISO 8601).'),
  NOT_DATETIME_Z: issue('Et tidspunkt skal have tidszone.', 'A date and time needs a time zone.', { da: 'Skriv tidspunktet med tidszone, fx 2026-01-05T10:00:00Z.', en: 'Write the date and time with a time zone, e.g. 2026-01-05T10:00:00Z.' }),
  NOT_DATE: issue('En værdi er ikke en dato (ÅÅÅÅ-MM-DD).', 'A value is not a date (YYYY-MM-DD).'),
  NOT_INTEGER: issue('En værdi er ikke et helt tal.', 'A value is not an integer.'),
  OUT_OF_RANGE: issue('Et tal er uden for det tilladte interval.', 'A number is out of the allowed range.'),
  NOT_BASE64: issue('Et filindhold er ikke gyldig base64.', 'A file\'s content is not valid base64.', { da: 'Kod filens indhold som base64.', en: 'Encode the file\'s content as base64.' }),
  NOT_URI: issue('En værdi er ikke en gyldig adresse (URI).', 'A value is not a valid address (URI).'),
  NOT_HTTPS_URL: issue('Et link er ikke https.', 'A link is not https.', { da: 'Brug https-adresser i links.', en: 'Use https addresses in links.' }),
  FORBIDDEN_FILENAME_CHARACTER: issue('Et filnavn har et tegn, der ikke er tilladt (fx / eller \\).', 'A file name has a character that is not allowed (e.g. / or \\).', { da: 'Giv filen et navn uden skråstreger og kontroltegn.', en: 'Give the file a name without slashes and control characters.' }),
  TOO_MANY_ISSUES: issue('Dokumentet har mange flere problemer.', 'The document has many more problems.', { da: 'Ret de første problemer og send igen.', en: 'Correct the first problems and send again.' }),
};
