package amtsweg.dss;

import eu.europa.esig.dss.enumerations.Indication;
import eu.europa.esig.dss.enumerations.SignatureLevel;
import eu.europa.esig.dss.enumerations.SubIndication;
import eu.europa.esig.dss.model.FileDocument;
import eu.europa.esig.dss.model.x509.CertificateToken;
import eu.europa.esig.dss.simplereport.SimpleReport;
import eu.europa.esig.dss.spi.DSSUtils;
import eu.europa.esig.dss.spi.validation.CommonCertificateVerifier;
import eu.europa.esig.dss.spi.x509.CommonTrustedCertificateSource;
import eu.europa.esig.dss.validation.SignedDocumentValidator;
import eu.europa.esig.dss.validation.reports.Reports;
import java.io.ByteArrayInputStream;
import java.io.File;
import java.io.FileInputStream;
import java.io.InputStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.text.SimpleDateFormat;
import java.util.ArrayList;
import java.util.Date;
import java.util.List;
import java.util.TimeZone;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * Validates a PDF with the EU Commission's DSS library against one trust anchor (the tenant CA) and
 * prints DSS's simple report as JSON. Offline: no CRL, OCSP or AIA source is configured, so DSS never
 * fetches anything (our certificates name revocation URLs under PUBLIC_URL, which in tests serve nothing).
 *
 * <p>Usage: {@code java -jar dss-validate.jar <pdf> <trust-anchor.pem> [policy.xml]}. Without a policy,
 * DSS's default constraint.xml applies. Exit code 0 when a report was produced, 2 on usage errors.
 */
public final class DssValidate {

  private DssValidate() {}

  public static void main(String[] args) throws Exception {
    if (args.length < 2 || args.length > 3) {
      System.err.println("usage: java -jar dss-validate.jar <pdf> <trust-anchor.pem> [policy.xml]");
      System.exit(2);
    }
    File pdf = new File(args[0]);
    CommonTrustedCertificateSource trusted = new CommonTrustedCertificateSource();
    for (CertificateToken anchor : readPem(new File(args[1]))) {
      trusted.addCertificate(anchor);
    }

    CommonCertificateVerifier verifier = new CommonCertificateVerifier();
    verifier.setTrustedCertSources(trusted);
    // Offline: no online revocation or issuer fetching.
    verifier.setCrlSource(null);
    verifier.setOcspSource(null);
    verifier.setAIASource(null);

    SignedDocumentValidator validator = SignedDocumentValidator.fromDocument(new FileDocument(pdf));
    validator.setCertificateVerifier(verifier);

    Reports reports;
    if (args.length == 3) {
      try (InputStream policy = new FileInputStream(args[2])) {
        reports = validator.validateDocument(policy);
      }
    } else {
      reports = validator.validateDocument();
    }
    System.out.println(toJson(reports.getSimpleReport()));
  }

  private static List<CertificateToken> readPem(File pem) throws Exception {
    String text = Files.readString(pem.toPath(), StandardCharsets.US_ASCII);
    Matcher block =
        Pattern.compile("-----BEGIN CERTIFICATE-----[\\s\\S]*?-----END CERTIFICATE-----").matcher(text);
    List<CertificateToken> tokens = new ArrayList<>();
    while (block.find()) {
      tokens.add(DSSUtils.loadCertificate(new ByteArrayInputStream(block.group().getBytes(StandardCharsets.US_ASCII))));
    }
    if (tokens.isEmpty()) throw new IllegalArgumentException("no certificate in " + pem);
    return tokens;
  }

  private static String toJson(SimpleReport report) {
    StringBuilder json = new StringBuilder("{");
    field(json, "documentName", report.getDocumentFilename()).append(',');
    field(json, "validationTime", time(report.getValidationTime())).append(',');
    json.append("\"signaturesCount\":").append(report.getSignaturesCount()).append(',');
    json.append("\"validSignaturesCount\":").append(report.getValidSignaturesCount()).append(',');
    json.append("\"signatures\":[");
    boolean first = true;
    for (String id : report.getSignatureIdList()) {
      if (!first) json.append(',');
      first = false;
      Indication indication = report.getIndication(id);
      SubIndication sub = report.getSubIndication(id);
      SignatureLevel format = report.getSignatureFormat(id);
      json.append('{');
      field(json, "id", id).append(',');
      field(json, "indication", indication == null ? null : indication.name()).append(',');
      field(json, "subIndication", sub == null ? null : sub.name()).append(',');
      field(json, "signatureFormat", format == null ? null : format.toString()).append(',');
      field(json, "signedBy", report.getSignedBy(id)).append(',');
      field(json, "signingTime", time(report.getSigningTime(id))).append(',');
      list(json, "errors", report.getAdESValidationErrors(id)).append(',');
      list(json, "warnings", report.getAdESValidationWarnings(id)).append(',');
      list(json, "infos", report.getAdESValidationInfo(id));
      json.append('}');
    }
    return json.append("]}").toString();
  }

  private static String time(Date date) {
    if (date == null) return null;
    SimpleDateFormat iso = new SimpleDateFormat("yyyy-MM-dd'T'HH:mm:ss'Z'");
    iso.setTimeZone(TimeZone.getTimeZone("UTC"));
    return iso.format(date);
  }

  private static StringBuilder field(StringBuilder json, String name, String value) {
    json.append('"').append(name).append("\":");
    return value == null ? json.append("null") : quote(json, value);
  }

  private static StringBuilder list(StringBuilder json, String name, List<?> values) {
    json.append('"').append(name).append("\":[");
    boolean first = true;
    for (Object value : values == null ? List.of() : values) {
      if (!first) json.append(',');
      first = false;
      quote(json, messageOf(value));
    }
    return json.append(']');
  }

  /** DSS returns errors/warnings as Message objects (key + value) or strings depending on the version. */
  private static String messageOf(Object value) {
    try {
      Object text = value.getClass().getMethod("getValue").invoke(value);
      return String.valueOf(text);
    } catch (ReflectiveOperationException e) {
      return String.valueOf(value);
    }
  }

  private static StringBuilder quote(StringBuilder json, String value) {
    json.append('"');
    for (char c : value.toCharArray()) {
      switch (c) {
        case '"' -> json.append("\\\"");
        case '\\' -> json.append("\\\\");
        case '\n' -> json.append("\\n");
        case '\r' -> json.append("\\r");
        case '\t' -> json.append("\\t");
        default -> {
          if (c < 0x20) json.append(String.format("\\u%04x", (int) c));
          else json.append(c);
        }
      }
    }
    return json.append('"');
  }
}
