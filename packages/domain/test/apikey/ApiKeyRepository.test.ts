import { ApiKey } from "@chatshop/domain"
import { apiKeyRepositoryContract } from "@chatshop/domain/testing"
import { assert, describe, it } from "@effect/vitest"

apiKeyRepositoryContract("memory", ApiKey.ApiKeyRepository.layerMemory)

describe("ApiKey roles", () => {
  it("owner manages, staff writes, viewer only reads", () => {
    assert.isTrue(ApiKey.permits("owner", "manage"))
    assert.isFalse(ApiKey.permits("staff", "manage"))
    assert.isTrue(ApiKey.permits("staff", "write"))
    assert.isFalse(ApiKey.permits("viewer", "write"))
    assert.isTrue(ApiKey.permits("viewer", "read"))
  })
})
