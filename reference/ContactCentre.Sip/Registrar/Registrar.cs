using System.Globalization;
using System.Net;

namespace ContactCentre.Sip;

/// <summary>
/// A registrar for agents' phones (RFC 3261 §10.3): binds each address-of-record to the contacts its phones
/// REGISTER, keeps them until they expire, and lets the call core <see cref="Lookup"/> where to ring an agent.
/// All time comes from the injected <see cref="TimeProvider"/>.
/// </summary>
public sealed class Registrar
{
    private const string ExpiresHeader = "Expires";
    private const string MinExpiresHeader = "Min-Expires";
    private const string NotOurDomain = "Not Found: Not a Domain of This Registrar";

    private readonly TimeProvider _time;
    private readonly RegistrarOptions _options;
    private readonly Lock _gate = new();
    private readonly IBindingStore _store;

    public Registrar(TimeProvider? time = null, RegistrarOptions? options = null, IBindingStore? store = null)
    {
        _time = time ?? TimeProvider.System;
        _options = options ?? new RegistrarOptions();
        _store = store ?? new InMemoryBindingStore();
    }

    /// <summary>Raised after a REGISTER changed an AOR's bindings, with the bindings now current.</summary>
    public event Action<string, IReadOnlyList<RegisteredContact>>? BindingsChanged;

    /// <summary>The unexpired contacts of an AOR, most preferred (highest q) first; empty when nobody is registered.</summary>
    public IReadOnlyList<RegisteredContact> Lookup(string addressOfRecord)
    {
        ArgumentNullException.ThrowIfNull(addressOfRecord);
        if (Canonical(addressOfRecord) is not { } aor)
        {
            return [];
        }
        lock (_gate)
        {
            return Current(aor, _time.GetUtcNow());
        }
    }

    /// <summary>
    /// The canonical AOR of a SIP URI (RFC 3261 §10.3 step 5): <c>sip:user@host</c>, host in lower case, without
    /// port, parameters or display name. Null for something that is not a SIP URI with a user.
    /// </summary>
    public static string? Canonical(string uriOrNameAddress)
    {
        ArgumentNullException.ThrowIfNull(uriOrNameAddress);
        var uri = NameAddress.TryParse(uriOrNameAddress, out var address) ? address!.Uri
            : SipUri.TryParse(uriOrNameAddress, out var plain) ? plain : null;
        if (uri?.User is not { } user)
        {
            return null;
        }
        return $"{uri.Scheme}:{Uri.UnescapeDataString(user)}@{uri.Host.ToLowerInvariant()}";
    }

    /// <summary>
    /// Answers a REGISTER handed over by the endpoint. Pass the user name a <see cref="DigestAuthenticator"/>
    /// accepted, so a phone can only change its own AOR (RFC 3261 §10.3 step 3).
    /// </summary>
    public Task HandleAsync(SipServerRequest request, string? authenticatedUser = null)
    {
        ArgumentNullException.ThrowIfNull(request);
        var outcome = Register(request.Request, request.RemoteEndPoint, request.Transport, authenticatedUser);
        return request.RespondAsync(outcome.StatusCode, outcome.Reason, extraHeaders: outcome.Headers);
    }

    /// <summary>
    /// An <see cref="SipEndpoint.OnRequest"/> handler: REGISTER is authenticated (when an authenticator is given)
    /// and registered; other requests go to <paramref name="otherRequests"/>, or get 405.
    /// </summary>
    public Func<SipServerRequest, Task> RequestHandler(DigestAuthenticator? authenticator = null,
        Func<SipServerRequest, Task>? otherRequests = null) => async request =>
    {
        if (request.Request.Method != "REGISTER")
        {
            if (otherRequests is not null)
            {
                await otherRequests(request).ConfigureAwait(false);
            }
            else
            {
                await request.RespondAsync(405, "Method Not Allowed",
                    extraHeaders: [new(HeaderNames.Allow, SipMethods.Allowed + ", REGISTER")]).ConfigureAwait(false);
            }
            return;
        }
        if (!IsOurDomain(request.Request.RequestUri))
        {
            // RFC 3261 §10.3: the domain check (step 1) comes before authentication (step 2).
            await request.RespondAsync(404, NotOurDomain).ConfigureAwait(false);
            return;
        }
        string? user = null;
        if (authenticator is not null && (user = await authenticator.AuthenticateAsync(request).ConfigureAwait(false)) is null)
        {
            return;
        }
        await HandleAsync(request, user).ConfigureAwait(false);
    };

    /// <summary>Applies a REGISTER to the bindings (RFC 3261 §10.3 steps 4-8) and says how to answer it.</summary>
    public RegistrationOutcome Register(SipRequest request, IPEndPoint? source = null,
        SipTransportKind transport = SipTransportKind.Udp, string? authenticatedUser = null)
    {
        ArgumentNullException.ThrowIfNull(request);
        if (!IsOurDomain(request.RequestUri))
        {
            // RFC 3261 §10.3 step 1: bindings for another domain are not ours to change; we do not proxy REGISTER.
            return Fail(404, NotOurDomain);
        }
        if (request.To is not { } to || !NameAddress.TryParse(to, out var toAddress) || Canonical(to) is not { } aor)
        {
            return Fail(400, "To Header Is Not a SIP Address-of-Record");
        }
        if (authenticatedUser is not null && !string.Equals(Uri.UnescapeDataString(toAddress!.Uri.User!), authenticatedUser, StringComparison.Ordinal))
        {
            return Fail(403, "Forbidden: Not Allowed to Register This Address-of-Record");
        }
        if (request.CallId is not { } callId || request.CSeq is not { } cseq)
        {
            return Fail(400, "Missing Call-ID or CSeq");
        }
        var contactValues = request.Headers.GetAll(HeaderNames.Contact);
        var requestExpires = ParseSeconds(request.Headers[ExpiresHeader]);
        var now = _time.GetUtcNow();
        if (contactValues.Any(c => c.Trim() == "*"))
        {
            // RFC 3261 §10.2.2: "*" only alone and only with Expires: 0.
            if (contactValues.Count != 1 || requestExpires != 0)
            {
                return Fail(400, "Wildcard Contact Needs Expires: 0 and No Other Contact");
            }
            return RemoveAll(aor, callId, cseq.Number, now);
        }
        var requested = new List<(string Uri, string Key, TimeSpan Expires, double? Q)>();
        foreach (var value in contactValues)
        {
            if (!NameAddress.TryParse(value, out var contact))
            {
                return Fail(400, "Bad Contact Header");
            }
            var key = BindingKey(contact!.Uri);
            var seconds = contact.Parameters.TryGetValue("expires", out var expiresParam)
                ? ParseSeconds(expiresParam) ?? requestExpires
                : requestExpires;
            var expires = seconds is { } s ? TimeSpan.FromSeconds(s) : _options.DefaultExpires;
            if (expires > TimeSpan.Zero && expires < _options.MinExpires)
            {
                return Fail(423, "Interval Too Brief",
                    [new(MinExpiresHeader, ((long)_options.MinExpires.TotalSeconds).ToString(CultureInfo.InvariantCulture))]);
            }
            if (expires > _options.MaxExpires)
            {
                expires = _options.MaxExpires;
            }
            var q = contact.Parameters.TryGetValue("q", out var qText)
                && double.TryParse(qText, NumberStyles.AllowDecimalPoint, CultureInfo.InvariantCulture, out var qValue)
                ? qValue : (double?)null;
            requested.Add((contact.Uri.ToString(), key, expires, q));
        }
        IReadOnlyList<RegisteredContact> current;
        lock (_gate)
        {
            var bindings = Purge(aor, now);
            foreach (var (_, key, _, _) in requested)
            {
                // RFC 3261 §10.3 step 7: a refresh in the same Call-ID must carry a higher CSeq.
                var existing = bindings.Find(b => BindingKey(b.Uri) == key);
                if (existing is not null && existing.CallId == callId && existing.CSeq >= cseq.Number)
                {
                    return Fail(500, "Out-of-Order REGISTER: CSeq Not Higher Than the Binding's");
                }
            }
            foreach (var (uri, key, expires, q) in requested)
            {
                bindings.RemoveAll(b => BindingKey(b.Uri) == key);
                if (expires > TimeSpan.Zero)
                {
                    bindings.Add(new RegisteredContact(uri, now + expires, callId, cseq.Number)
                    {
                        Q = q,
                        Source = source,
                        Transport = transport,
                    });
                }
            }
            _store.Put(aor, bindings);
            current = Current(aor, now);
        }
        if (requested.Count > 0)
        {
            BindingsChanged?.Invoke(aor, current);
        }
        return Success(aor, current, now);
    }

    private RegistrationOutcome RemoveAll(string aor, string callId, uint cseq, DateTimeOffset now)
    {
        lock (_gate)
        {
            var bindings = Purge(aor, now);
            if (bindings.Any(b => b.CallId == callId && b.CSeq >= cseq))
            {
                return Fail(500, "Out-of-Order REGISTER: CSeq Not Higher Than the Binding's");
            }
            _store.Put(aor, []);
        }
        BindingsChanged?.Invoke(aor, []);
        return Success(aor, [], now);
    }

    /// <summary>A working copy of the AOR's bindings with expired entries dropped; <see cref="IBindingStore.Put"/> saves it.</summary>
    private List<RegisteredContact> Purge(string aor, DateTimeOffset now) =>
        _store.Get(aor).Where(b => b.ExpiresAt > now).ToList();

    private List<RegisteredContact> Current(string aor, DateTimeOffset now) =>
        _store.Get(aor).Where(b => b.ExpiresAt > now).OrderByDescending(b => b.Q ?? 1.0).ToList();

    /// <summary>
    /// Whether the Request-URI names a domain whose bindings we hold (RFC 3261 §10.3 step 1): any, when
    /// <see cref="RegistrarOptions.Domains"/> is empty; else one of them, compared without port, case-insensitively.
    /// </summary>
    private bool IsOurDomain(string requestUri)
    {
        if (_options.Domains.Count == 0)
        {
            return true;
        }
        if (!SipUri.TryParse(requestUri, out var uri))
        {
            return false;
        }
        var host = uri!.Host.Trim('[', ']');
        return _options.Domains.Any(d => IPAddress.TryParse(host, out var address) && IPAddress.TryParse(d.Trim('[', ']'), out var ours)
            ? address.Equals(ours)
            : string.Equals(host, d, StringComparison.OrdinalIgnoreCase));
    }

    /// <summary>200 OK listing every current binding with its remaining time (RFC 3261 §10.3 step 8).</summary>
    private static RegistrationOutcome Success(string aor, IReadOnlyList<RegisteredContact> contacts, DateTimeOffset now)
    {
        var headers = new List<KeyValuePair<string, string>>();
        foreach (var contact in contacts)
        {
            var seconds = (long)Math.Ceiling(contact.RemainingAt(now).TotalSeconds);
            headers.Add(new(HeaderNames.Contact, $"<{contact.Uri}>;expires={seconds.ToString(CultureInfo.InvariantCulture)}"));
        }
        headers.Add(new("Date", now.ToString("r", CultureInfo.InvariantCulture)));
        return new RegistrationOutcome(200, "OK", headers) { AddressOfRecord = aor, Contacts = contacts };
    }

    private static RegistrationOutcome Fail(int status, string reason, IReadOnlyList<KeyValuePair<string, string>>? headers = null) =>
        new(status, reason, headers ?? []);

    private static long? ParseSeconds(string? text) =>
        long.TryParse(text?.Trim(), NumberStyles.None, CultureInfo.InvariantCulture, out var seconds) ? seconds : null;

    /// <summary>Contact URIs compare as RFC 3261 §19.1.4 does for the parts that matter here: scheme, user, host, port, transport.</summary>
    private static string BindingKey(SipUri uri) =>
        $"{uri.Scheme}:{uri.User}@{uri.Host.ToLowerInvariant()}:{(uri.Port ?? (uri.Scheme == "sips" ? 5061 : 5060)).ToString(CultureInfo.InvariantCulture)}"
        + $";{(uri.Parameters.TryGetValue("transport", out var t) ? t?.ToLowerInvariant() : "udp")}";

    private static string? BindingKey(string uri) => SipUri.TryParse(uri, out var parsed) ? BindingKey(parsed!) : null;
}
