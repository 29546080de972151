def test_static_files_are_served(client, db):
    response = client.get("/static/upstream/upstream.css")
    assert response.status_code == 200
