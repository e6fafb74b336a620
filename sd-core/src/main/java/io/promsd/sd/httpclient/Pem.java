package io.promsd.sd.httpclient;

import io.promsd.relabel.internal.config.GoText;
import java.io.ByteArrayInputStream;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.math.BigInteger;
import java.nio.charset.StandardCharsets;
import java.security.GeneralSecurityException;
import java.security.KeyFactory;
import java.security.PrivateKey;
import java.security.PublicKey;
import java.security.Signature;
import java.security.cert.CertificateException;
import java.security.cert.CertificateFactory;
import java.security.cert.X509Certificate;
import java.security.interfaces.RSAPrivateCrtKey;
import java.security.interfaces.RSAPublicKey;
import java.security.spec.PKCS8EncodedKeySpec;
import java.util.ArrayList;
import java.util.Base64;
import java.util.List;

/**
 * PEM certificates and keys, read as Go's {@code crypto/tls} and {@code crypto/x509} read them,
 * with the JDK only: {@code CERTIFICATE} blocks; PKCS#8, PKCS#1 RSA and SEC 1 EC private keys (told
 * apart by content, as Go does, whatever the block's type says).
 */
final class Pem {
  private Pem() {}

  /** One PEM block. */
  record Block(String type, byte[] bytes) {}

  /** A client certificate chain and its key. */
  record KeyPair(List<X509Certificate> chain, PrivateKey key) {}

  /** The blocks of {@code data} in order; malformed blocks are skipped, as {@code pem.Decode}. */
  static List<Block> decode(byte[] data) {
    String s = new String(data, StandardCharsets.ISO_8859_1);
    List<Block> out = new ArrayList<>();
    int from = 0;
    while (true) {
      int begin = s.indexOf("-----BEGIN ", from);
      if (begin < 0) {
        return out;
      }
      int typeStart = begin + "-----BEGIN ".length();
      int typeEnd = s.indexOf("-----", typeStart);
      int eol = s.indexOf('\n', typeStart);
      if (typeEnd < 0 || (eol >= 0 && eol < typeEnd)) {
        from = typeStart;
        continue;
      }
      String type = s.substring(typeStart, typeEnd);
      String endMarker = "-----END " + type + "-----";
      int end = s.indexOf(endMarker, typeEnd);
      if (end < 0) {
        from = typeStart;
        continue;
      }
      byte[] bytes = base64Body(s.substring(typeEnd + 5, end));
      if (bytes == null) {
        from = typeStart;
        continue;
      }
      out.add(new Block(type, bytes));
      from = end + endMarker.length();
    }
  }

  // The base64 between the markers, after optional "Key: value" header lines.
  private static byte[] base64Body(String body) {
    String[] lines = body.split("\n", -1);
    StringBuilder b64 = new StringBuilder();
    boolean headers = true;
    for (String line : lines) {
      String t = line.strip();
      if (headers && t.contains(":")) {
        continue;
      }
      headers = false;
      b64.append(t);
    }
    try {
      return Base64.getDecoder().decode(b64.toString());
    } catch (IllegalArgumentException e) {
      return null;
    }
  }

  /**
   * The certificates of {@code pem} that parse (others are skipped, as {@code
   * CertPool.AppendCertsFromPEM} skips them); empty if none.
   */
  static List<X509Certificate> certificates(byte[] pem) {
    List<X509Certificate> out = new ArrayList<>();
    for (Block b : decode(pem)) {
      if (!b.type().equals("CERTIFICATE")) {
        continue;
      }
      try {
        out.add(parseCertificate(b.bytes()));
      } catch (CertificateException e) {
        // skipped, as Go skips it
      }
    }
    return out;
  }

  private static X509Certificate parseCertificate(byte[] der) throws CertificateException {
    CertificateFactory cf = CertificateFactory.getInstance("X.509");
    return (X509Certificate) cf.generateCertificate(new ByteArrayInputStream(der));
  }

  /**
   * Go's {@code tls.X509KeyPair}: the chain and the key, checked to belong together.
   *
   * @throws IOException with Go's message, e.g. {@code tls: failed to find any PEM data in key
   *     input}
   */
  static KeyPair keyPair(byte[] certPem, byte[] keyPem) throws IOException {
    List<byte[]> certs = new ArrayList<>();
    List<String> skipped = new ArrayList<>();
    for (Block b : decode(certPem)) {
      if (b.type().equals("CERTIFICATE")) {
        certs.add(b.bytes());
      } else {
        skipped.add(b.type());
      }
    }
    if (certs.isEmpty()) {
      if (skipped.isEmpty()) {
        throw new IOException("tls: failed to find any PEM data in certificate input");
      }
      if (skipped.size() == 1 && skipped.get(0).endsWith("PRIVATE KEY")) {
        throw new IOException(
            "tls: failed to find certificate PEM data in certificate input, but did find a"
                + " private key; PEM inputs may have been switched");
      }
      throw new IOException(
          "tls: failed to find \"CERTIFICATE\" PEM block in certificate input after skipping PEM"
              + " blocks of the following types: "
              + GoText.list(skipped));
    }
    skipped.clear();
    Block keyBlock = null;
    for (Block b : decode(keyPem)) {
      if (b.type().equals("PRIVATE KEY") || b.type().endsWith(" PRIVATE KEY")) {
        keyBlock = b;
        break;
      }
      skipped.add(b.type());
    }
    if (keyBlock == null) {
      if (skipped.isEmpty()) {
        throw new IOException("tls: failed to find any PEM data in key input");
      }
      if (skipped.size() == 1 && skipped.get(0).equals("CERTIFICATE")) {
        throw new IOException(
            "tls: found a certificate rather than a key in the PEM for the private key");
      }
      throw new IOException(
          "tls: failed to find PEM block with type ending in \"PRIVATE KEY\" in key input after"
              + " skipping PEM blocks of the following types: "
              + GoText.list(skipped));
    }
    List<X509Certificate> chain = new ArrayList<>();
    try {
      for (byte[] der : certs) {
        chain.add(parseCertificate(der));
      }
    } catch (CertificateException e) {
      throw new IOException("x509: malformed certificate", e);
    }
    PrivateKey key = privateKey(keyBlock.bytes());
    checkMatch(chain.get(0).getPublicKey(), key);
    return new KeyPair(List.copyOf(chain), key);
  }

  /** Go's {@code tls.parsePrivateKey}: PKCS#1, then PKCS#8, then SEC 1. */
  static PrivateKey privateKey(byte[] der) throws IOException {
    // PKCS#1 RSAPrivateKey, wrapped into PKCS#8 for the JDK.
    byte[] rsaAlg = Der.sequence(Der.oid("1.2.840.113549.1.1.1"), Der.NULL);
    if (looksLikePkcs1(der)) {
      PrivateKey k = tryKey("RSA", Der.sequence(Der.integer(0), rsaAlg, Der.octets(der)));
      if (k != null) {
        return k;
      }
    }
    for (String alg : new String[] {"RSA", "EC", "Ed25519", "Ed448"}) {
      PrivateKey k = tryKey(alg, der);
      if (k != null) {
        return k;
      }
    }
    byte[] sec1 = sec1AsPkcs8(der);
    if (sec1 != null) {
      PrivateKey k = tryKey("EC", sec1);
      if (k != null) {
        return k;
      }
    }
    throw new IOException("tls: failed to parse private key");
  }

  private static boolean looksLikePkcs1(byte[] der) {
    try {
      List<Der.Tlv> items = Der.children(Der.read(der, 0));
      return items.size() >= 9 && items.stream().allMatch(t -> t.tag() == 0x02);
    } catch (IllegalArgumentException e) {
      return false;
    }
  }

  private static PrivateKey tryKey(String alg, byte[] pkcs8) {
    try {
      return KeyFactory.getInstance(alg).generatePrivate(new PKCS8EncodedKeySpec(pkcs8));
    } catch (GeneralSecurityException | RuntimeException e) {
      return null;
    }
  }

  // SEC 1 ECPrivateKey { version 1, key OCTET STRING, [0] curve OID, [1] public key }.
  private static byte[] sec1AsPkcs8(byte[] der) {
    try {
      List<Der.Tlv> items = Der.children(Der.read(der, 0));
      if (items.size() < 2 || items.get(0).tag() != 0x02 || items.get(1).tag() != 0x04) {
        return null;
      }
      byte[] curve = null;
      for (Der.Tlv t : items) {
        if (t.tag() == 0xA0) {
          curve = Der.read(t.value(), 0).encoded();
        }
      }
      if (curve == null) {
        return null; // Go: x509: unknown elliptic curve
      }
      byte[] alg = Der.sequence(Der.oid("1.2.840.10045.2.1"), curve);
      return Der.sequence(Der.integer(0), alg, Der.octets(der));
    } catch (IllegalArgumentException e) {
      return null;
    }
  }

  private static void checkMatch(PublicKey pub, PrivateKey key) throws IOException {
    String pubAlg = family(pub.getAlgorithm());
    if (!pubAlg.equals(family(key.getAlgorithm()))) {
      throw new IOException("tls: private key type does not match public key type");
    }
    if (pub instanceof RSAPublicKey rsa && key instanceof RSAPrivateCrtKey crt) {
      if (!rsa.getModulus().equals(crt.getModulus())) {
        throw new IOException("tls: private key does not match public key");
      }
      return;
    }
    String sigAlg =
        switch (pubAlg) {
          case "RSA" -> "SHA256withRSA";
          case "EC" -> "SHA256withECDSA";
          default -> pub.getAlgorithm();
        };
    try {
      byte[] probe = "promsd key pair check".getBytes(StandardCharsets.US_ASCII);
      Signature s = Signature.getInstance(sigAlg);
      s.initSign(key);
      s.update(probe);
      byte[] sig = s.sign();
      Signature v = Signature.getInstance(sigAlg);
      v.initVerify(pub);
      v.update(probe);
      if (!v.verify(sig)) {
        throw new IOException("tls: private key does not match public key");
      }
    } catch (GeneralSecurityException e) {
      throw new IOException("tls: private key does not match public key", e);
    }
  }

  private static String family(String alg) {
    return switch (alg) {
      case "EdDSA", "Ed25519", "Ed448" -> "EdDSA";
      default -> alg;
    };
  }

  /** Just enough DER to wrap and unwrap keys. */
  static final class Der {
    private Der() {}

    static final byte[] NULL = {0x05, 0x00};

    /** A tag, its value, and its whole encoding. */
    record Tlv(int tag, byte[] value, byte[] encoded) {}

    static Tlv read(byte[] b, int off) {
      if (off + 2 > b.length) {
        throw new IllegalArgumentException("truncated");
      }
      int tag = b[off] & 0xFF;
      int len = b[off + 1] & 0xFF;
      int pos = off + 2;
      if (len >= 0x80) {
        int n = len & 0x7F;
        if (n == 0 || n > 4 || pos + n > b.length) {
          throw new IllegalArgumentException("bad length");
        }
        len = 0;
        for (int i = 0; i < n; i++) {
          len = (len << 8) | (b[pos++] & 0xFF);
        }
      }
      if (len < 0 || pos + len > b.length) {
        throw new IllegalArgumentException("truncated");
      }
      byte[] value = java.util.Arrays.copyOfRange(b, pos, pos + len);
      byte[] encoded = java.util.Arrays.copyOfRange(b, off, pos + len);
      return new Tlv(tag, value, encoded);
    }

    static List<Tlv> children(Tlv seq) {
      if (seq.tag() != 0x30) {
        throw new IllegalArgumentException("not a sequence");
      }
      List<Tlv> out = new ArrayList<>();
      int off = 0;
      while (off < seq.value().length) {
        Tlv t = read(seq.value(), off);
        out.add(t);
        off += t.encoded().length;
      }
      return out;
    }

    static byte[] tlv(int tag, byte[] value) {
      ByteArrayOutputStream out = new ByteArrayOutputStream();
      out.write(tag);
      int len = value.length;
      if (len < 0x80) {
        out.write(len);
      } else {
        byte[] l = BigInteger.valueOf(len).toByteArray();
        int skip = l[0] == 0 ? 1 : 0;
        out.write(0x80 | (l.length - skip));
        out.write(l, skip, l.length - skip);
      }
      out.writeBytes(value);
      return out.toByteArray();
    }

    static byte[] sequence(byte[]... parts) {
      ByteArrayOutputStream out = new ByteArrayOutputStream();
      for (byte[] p : parts) {
        out.writeBytes(p);
      }
      return tlv(0x30, out.toByteArray());
    }

    static byte[] integer(long v) {
      return tlv(0x02, BigInteger.valueOf(v).toByteArray());
    }

    static byte[] octets(byte[] v) {
      return tlv(0x04, v);
    }

    static byte[] oid(String dotted) {
      String[] parts = dotted.split("\\.");
      ByteArrayOutputStream out = new ByteArrayOutputStream();
      out.write(Integer.parseInt(parts[0]) * 40 + Integer.parseInt(parts[1]));
      for (int i = 2; i < parts.length; i++) {
        long v = Long.parseLong(parts[i]);
        int n = 0;
        byte[] tmp = new byte[10];
        do {
          tmp[n++] = (byte) (v & 0x7F);
          v >>>= 7;
        } while (v > 0);
        for (int j = n - 1; j >= 0; j--) {
          out.write(tmp[j] | (j > 0 ? 0x80 : 0));
        }
      }
      return tlv(0x06, out.toByteArray());
    }
  }
}
