namespace ContactCentre.Sip.Tests.Authentication;

[Trait("Category", "Unit")]
public sealed class DigestVectorSpec
{
    [Fact]
    public void Md5_with_qop_auth_matches_the_RFC_2617_section_3_5_example()
    {
        var response = DigestCalculation.Response(DigestAlgorithm.Md5, "Mufasa", "testrealm@host.com", "Circle Of Life",
            "GET", "/dir/index.html", "dcd98b7102dd2f0e8b11d0f600bfb0c093", "00000001", "0a4f113b", "auth");

        Assert.Equal("6629fae49393a05397450978507c4ef1", response);
    }

    [Fact]
    public void Sha256_matches_the_RFC_7616_section_3_9_1_example()
    {
        var response = DigestCalculation.Response(DigestAlgorithm.Sha256, "Mufasa", "http-auth@example.org", "Circle of Life",
            "GET", "/dir/index.html", "7ypf/xlj9XXwfDPEoM4URrv/xwf94BcCAzFZH4GiTo0v", "00000001",
            "f2/wE4q74E6zIJEtWaHKaf5wv/H5QzzpXusqGemxURZJ", "auth");

        Assert.Equal("753927fa0e85d155564e2e272a28d1802ca10daf4496794697cf8db5856cb6c1", response);
    }

    [Fact]
    public void Md5_matches_the_RFC_7616_section_3_9_1_example()
    {
        var response = DigestCalculation.Response(DigestAlgorithm.Md5, "Mufasa", "http-auth@example.org", "Circle of Life",
            "GET", "/dir/index.html", "7ypf/xlj9XXwfDPEoM4URrv/xwf94BcCAzFZH4GiTo0v", "00000001",
            "f2/wE4q74E6zIJEtWaHKaf5wv/H5QzzpXusqGemxURZJ", "auth");

        Assert.Equal("8ca523f5e9506fed4657c9700eebdbec", response);
    }

    [Fact]
    public void The_RFC_2617_example_authorization_header_parses_to_its_fields()
    {
        var credentials = DigestCredentials.TryParse(
            "Digest username=\"Mufasa\", realm=\"testrealm@host.com\", nonce=\"dcd98b7102dd2f0e8b11d0f600bfb0c093\", " +
            "uri=\"/dir/index.html\", qop=auth, nc=00000001, cnonce=\"0a4f113b\", " +
            "response=\"6629fae49393a05397450978507c4ef1\", opaque=\"5ccc069c403ebaf9f0171e9517f40e41\"");

        Assert.NotNull(credentials);
        Assert.Equal("Mufasa", credentials.Username);
        Assert.Equal("testrealm@host.com", credentials.Realm);
        Assert.Equal("auth", credentials.Qop);
        Assert.Equal("00000001", credentials.NonceCount);
        Assert.Equal("0a4f113b", credentials.ClientNonce);
        Assert.Equal("5ccc069c403ebaf9f0171e9517f40e41", credentials.Opaque);
        Assert.Equal(DigestAlgorithm.Md5, credentials.Algorithm);
    }

    [Fact]
    public void A_challenge_survives_writing_and_parsing()
    {
        var challenge = new DigestChallenge("contactcentre", "abc\"def", DigestAlgorithm.Sha256) { Qop = ["auth"], Stale = true };

        var parsed = DigestChallenge.TryParse(challenge.ToString());

        Assert.NotNull(parsed);
        Assert.Equal("contactcentre", parsed.Realm);
        Assert.Equal("abc\"def", parsed.Nonce);
        Assert.Equal(DigestAlgorithm.Sha256, parsed.Algorithm);
        Assert.True(parsed.Stale);
        Assert.True(parsed.OffersAuth);
    }

    [Theory]
    [InlineData("Basic realm=\"x\"")]
    [InlineData("Digest realm=\"x\"")]
    [InlineData("Digest realm=\"x\", nonce=\"n\", algorithm=SHA-512-256")]
    [InlineData("Digest realm=\"unterminated, nonce=\"n\"")]
    public void Challenges_this_stack_cannot_answer_are_not_parsed(string value) =>
        Assert.Null(DigestChallenge.TryParse(value));
}
