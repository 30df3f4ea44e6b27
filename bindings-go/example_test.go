package ncpcert_test

import (
	"errors"
	"fmt"
	"os"

	ncpcert "github.com/ncpcert/ncpcert/bindings-go"
)

// Prepare an issuance request, then sign it for one attempt.
func ExamplePrepare() {
	csr, err := os.ReadFile("../tests/data/sample.csr.pem")
	if err != nil {
		panic(err)
	}
	prepared, err := ncpcert.Prepare(ncpcert.Request{
		CSR: string(csr), CertificateType: "DV", CertificateName: "www-example",
		CommonName: "www.example.com", DNSName: []string{"www.example.com", "example.com"},
		ValidationMethod: "D",
	}, ncpcert.WithSite("gov"))
	if err != nil {
		panic(err)
	}
	signer, err := ncpcert.NewSigner("EXAMPLEAK0000000NCP1", "EXAMPLESECRET00000000000000000000NCPSK01")
	if err != nil {
		panic(err)
	}
	defer signer.Close()
	signed, err := prepared.Sign(signer, 1700000000000)
	if err != nil {
		panic(err)
	}
	fmt.Println(signed.Method, signed.URL)
	fmt.Println(signed.Headers["x-ncp-apigw-timestamp"], signed.Headers["x-ncp-iam-access-key"])
	// Output:
	// POST https://certificatemanager.apigw.gov-ntruss.com/api/v2/certificate/requestPaidCertificateIssuance
	// 1700000000000 EXAMPLEAK0000000NCP1
}

// An invalid request is a *ValidationError holding every finding at once.
func ExampleValidationError() {
	_, err := ncpcert.Prepare(ncpcert.Request{
		CertificateType: "DV", CertificateName: "www-example", CommonName: "a_b.example.com",
		ValidationMethod: "D",
	}, ncpcert.WithBaseURL("http://127.0.0.1:8080"))
	var invalid *ncpcert.ValidationError
	if errors.As(err, &invalid) {
		for _, f := range invalid.Errors() {
			fmt.Println(f.Field, f.Code)
		}
	}
	// Output:
	// csr csr.required
	// commonName domain.underscore
}
