// Package api holds the OpenAPI document of the reference router's HTTP API
// (openapi.yaml, served by omnisim serve; see package server) and the tests that keep
// it complete: an operationId on every operation, a license, and a described error
// answer for each 4xx the operation gives. server's TestOpenAPIMatchesHandlers checks
// that its paths are the server's routes.
package api
