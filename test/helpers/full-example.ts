import type { MemoMessage } from '../../src/memo/index.ts';

// The MeMo 1.2 full example published with the standard (MeMo_v1.2_Full_Example.xml, digitaliser.dk),
// field for field: a CPR recipient whose AttentionData has every field, a ProductionUnit among them.
// Only what the test needs to vary can be replaced through `changes`.

const CONTACT_POINT = {
  contactGroup: '22.33.44.55',
  contactPointID: '241d39f6-998e-4929-b198-ccacbbf4b330',
  label: 'Kommunen, Pladsanvisningen',
  contactInfo: [{ label: 'Barnets CPR nummer', value: '2512169996' }, { label: 'Barnets navn', value: 'Emilie Hansen' }],
};

const ADDRESS = {
  id: '8c2ea15d-61fb-4ba9-9366-42f8b194c852', addressLabel: 'Gaden', houseNumber: '7A', door: 'th', floor: '3', co: 'C/O',
  zipCode: '9000', city: 'Aalborg', country: 'DK',
  addressPoint: { geographicEastingMeasure: '557501.23', geographicNorthingMeasure: '6336248.89', geographicHeightMeasure: '0.0' },
};

const TEST = 'VGhpcyBpcyBhIHRlc3Q=';
const pdf = (filename: string) => ({ encodingFormat: 'application/pdf', filename, language: 'da', content: TEST });

export function fullExample(): MemoMessage {
  return {
    version: '1.2',
    header: {
      messageType: 'DIGITALPOST',
      messageUUID: '8C2EA15D-61FB-4BA9-9366-42F8B194C114',
      messageID: 'MSG-12345',
      messageCode: 'Pladsanvisning',
      label: 'Besked fra Børneforvaltningen',
      notification: 'Du har fået digitalpost fra Kommunen vedr. din ansøgning om børnehaveplads.',
      additionalNotification: 'Du har fået digitalpost fra Kommunen vedr. din ansøgning om børnehaveplads til Emilie Hansen',
      reply: true,
      replyByDateTime: '2025-09-30T12:00:00Z',
      doNotDeliverUntilDate: '2025-09-15',
      mandatory: true,
      legalNotification: false,
      postType: 'MYNDIGHEDSPOST',
      sender: {
        senderID: '12345678',
        idType: 'CVR',
        label: 'Kommunen',
        attentionData: {
          attentionPerson: { personID: '9000001234', label: 'Hans Hansen' },
          productionUnit: { productionUnitNumber: 1234567890, productionUnitName: 'Produktionsenhed A' },
          globalLocationNumber: { globalLocationNumber: 5798000012345, location: 'Kommune A' },
          eMail: { emailAddress: 'info@tusindfryd.dk', relatedAgent: 'Hans Hansen' },
          seNumber: { seNumber: '12345678', companyName: 'Kommune A' },
          telephone: { telephoneNumber: '12345678', relatedAgent: 'Hans Hansen' },
          eID: { eID: 'CVR:12345678-RID:1234567890123', label: 'Kommune A' },
          contentResponsible: { contentResponsibleID: '22334455', label: 'Børnehaven, Tusindfryd' },
          generatingSystem: { generatingSystemID: 'Sys-1234', label: 'KommunaltPostSystem' },
          sorData: { sorIdentifier: '468031000016004', entryName: 'tekst' },
          address: ADDRESS,
          unstructuredAddress: { unstructured: 'Bakketoppen 6, 9000 Aalborg' },
        },
        contactPoint: CONTACT_POINT,
        representative: { representativeID: '87654321', idType: 'CVR', label: 'Repræsentant Kommune' },
      },
      recipient: {
        recipientID: '2211771212',
        idType: 'CPR',
        label: 'Mette Hansen',
        attentionData: {
          attentionPerson: { personID: '2211771212', label: 'Mette Hansen' },
          productionUnit: { productionUnitNumber: 1234567890, productionUnitName: '[Produktionsenhed]' },
          globalLocationNumber: { globalLocationNumber: 5798000012345, location: '[Navn på lokation]' },
          eMail: { emailAddress: 'm.hansen@gmail.com', relatedAgent: 'Mette Hansen' },
          seNumber: { seNumber: '12345678', companyName: '[Virksomhed]' },
          telephone: { telephoneNumber: '12345678', relatedAgent: 'Mette Hansen' },
          eID: { eID: '12345678_1234567890', label: '[Virksomhed]' },
          contentResponsible: { contentResponsibleID: '22334455', label: '[Ansvarlig]' },
          sorData: { sorIdentifier: '468031000016004', entryName: '[SOR tekst]' },
          address: ADDRESS,
          unstructuredAddress: { unstructured: 'Bakketoppen 6, 9000 Aalborg' },
        },
        contactPoint: CONTACT_POINT,
      },
      contentData: {
        cprData: { cprNumber: '2512169996', name: 'Emilie Hansen' },
        cvrData: { cvrNumber: '12345678', companyName: '[Virksomhed]' },
        motorVehicle: { licenseNumber: 'AB12345', chassisNumber: 'WFR18ZZ67W094959' },
        propertyNumber: { propertyNumber: 'ABC1234' },
        caseID: { caseID: 'SAG-12345', caseSystem: 'Sagssystem 1234' },
        kleData: { subjectKey: '00.00.00', version: 'Maj 2018', activityFacet: '[Tekst]', label: '[KLE tekst]' },
        formData: { taskKey: '00.00.00.00', version: 'Opgavenøglen v2.12', activityFacet: 'Tekst]', label: '[FORM tekst]' },
        productionUnit: { productionUnitNumber: 1234567890, productionUnitName: '[Produktionsenhed]' },
        education: { educationCode: '123ABC', educationName: '[Uddannelse navn]' },
        additionalContentData: [
          { contentDataType: 'Liste A', contentDataName: 'Navn 1', contentDataValue: 'Værdi 1' },
          { contentDataType: 'Liste A', contentDataName: 'Navn 2', contentDataValue: 'Værdi 2' },
        ],
      },
      forwardData: {
        messageUUID: '8C2EA15D-61FB-4BA9-9366-42F8B194C114',
        originalMessageDateTime: '2021-03-15T12:00:00Z',
        originalSender: 'Kommunen',
        originalContentResponsible: 'Børnehaven, Tusindfryd',
        originalRepresentative: 'Repræsentant Kommune',
        contactPointID: '241d39f6-998e-4929-b198-ccacbbf4b330',
        comment: 'kommentar til modtageren',
      },
      replyData: [
        {
          messageID: 'MSG-12344', messageUUID: '8C2EA15D-61FB-4BA9-9366-42F8B194C114', senderID: '12345678', recipientID: '1234567890',
          caseID: 'SAG-456', contactPointID: '241d39f6-998e-4929-b198-ccacbbf4b330', generatingSystemID: 'ABC-123',
          comment: 'Tilbud om børnehaveplads til Emilie Hansen',
          additionalReplyData: [{ label: 'Intern note', value: 'tekst' }, { label: 'Intern reference', value: 'tekst' }],
        },
        {
          messageID: 'MSG-12345', messageUUID: '8C2EA15D-61FB-4BA9-9366-42F8B194C657', replyUUID: '8C2EA15D-61FB-4BA9-9366-42F8B194C114',
          senderID: '1234567890', recipientID: '12345678', caseID: 'SAG-4567', contactPointID: '241d39f6-998e-4929-b198-ccacbbf4b330',
          generatingSystemID: 'ABC-1234', comment: 'tekst',
          additionalReplyData: [
            { label: 'Intern note', value: 'tekst' }, { label: 'Intern reference', value: 'tekst' },
            { label: 'Vedr', value: 'tekst' }, { label: 'Att', value: 'tekst' },
          ],
        },
      ],
    },
    body: {
      createdDateTime: '2018-05-03T12:00:00Z',
      mainDocument: {
        mainDocumentID: '456',
        label: 'Tilbud om børnehaveplads',
        file: [pdf('Pladsanvisning.pdf'), { encodingFormat: 'text/plain', filename: 'Pladsanvisning.txt', language: 'da', content: TEST }],
        action: [
          {
            label: 'Spørgeskema', actionCode: 'SELVBETJENING', startDateTime: '2018-11-09T12:00:00Z', endDateTime: '2018-12-09T12:00:00Z',
            entryPoint: { url: 'https://www.tusindfryd.dk/spørgeskema.html' },
          },
          {
            label: 'Opret aftale i kalender', actionCode: 'AFTALE', startDateTime: '2018-11-10T09:00:00Z', endDateTime: '2018-11-09T12:00:00Z',
            reservation: {
              description: 'Opstart Tusindfryd', reservationUUID: '8C2EA15D-61FB-4BA9-9366-42F8B194D241', abstract: 'Opstart',
              location: 'Gl. Landevej 61, 9000 aalborg, Rød stue', startDateTime: '2018-11-10T09:00:00Z', endDateTime: '2018-11-10T12:00:00Z',
              organizerMail: 'info@tusindfryd.dk', organizerName: 'Jette Hansen',
            },
          },
        ],
      },
      additionalDocument: [
        {
          additionalDocumentID: '789', label: 'Tilbud om børnehaveplads',
          file: [pdf('Pladsanvisning.pdf'), { encodingFormat: 'application/msword', filename: 'Praktiske oplysninger.doc', language: 'da', content: TEST }],
          action: [
            {
              label: 'Tusindfryd hjemmeside', actionCode: 'INFORMATION', startDateTime: '2018-11-10T09:00:00Z', endDateTime: '2018-11-09T12:00:00Z',
              entryPoint: { url: 'https://www.tusindfryd.dk' },
            },
            {
              label: 'Opret aftale i kalender', actionCode: 'AFTALE',
              reservation: {
                description: 'Introduktion til nye forældre', reservationUUID: '8C2EA15D-61FB-4BA9-9366-42F8B194E845', abstract: 'Invitation',
                location: 'Gl. Landevej 61, 9000 Aalborg', startDateTime: '2018-11-10T19:00:00Z', endDateTime: '2018-11-10T20:30:00Z',
                organizerMail: 'info@tusindfryd.dk', organizerName: 'Jette Hansen',
              },
            },
          ],
        },
        {
          additionalDocumentID: '678', label: 'Tilbud om børnehaveplads, vejledning', file: [pdf('vejledning.pdf')],
          action: [{
            label: 'Register opslag', actionCode: 'SELVBETJENING', startDateTime: '2018-11-10T09:00:00Z', endDateTime: '2018-11-09T12:00:00Z',
            entryPoint: { url: 'https://registration.nemhandel.dk/NemHandelRegisterWeb/public/participant/info?key=5798009811578&keytype=GLN' },
          }],
        },
      ],
      technicalDocument: [{
        technicalDocumentID: '222555', label: 'Teknisk dokument',
        file: [{ encodingFormat: 'text/xml', filename: 'TekniskDokument.xml', language: 'da', content: TEST }],
      }],
    },
  };
}
